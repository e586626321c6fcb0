package org.relgrad.data;

/** Per-feature mean and (population) standard deviation, and how many examples they were computed from. */
public record ColumnStats(double[] mean, double[] std, long count) {
}
