package org.relgrad.data;

/**
 * Per-column mean and population standard deviation accumulated one row at a time (Welford's update), so a file can
 * be summarised in one streaming pass without the cancellation of the sum-of-squares formula.
 */
final class RunningColumnStats {
    private final double[] mean;
    private final double[] m2;
    private long count;

    RunningColumnStats(int dims) {
        mean = new double[dims];
        m2 = new double[dims];
    }

    /** Adds the row stored at {@code values[offset .. offset + dims)}. */
    void add(double[] values, int offset) {
        count++;
        for (int j = 0; j < mean.length; j++) {
            double delta = values[offset + j] - mean[j];
            mean[j] += delta / count;
            m2[j] += delta * (values[offset + j] - mean[j]);
        }
    }

    long count() {
        return count;
    }

    /** The statistics of the rows added so far; meaningful only after at least one row. */
    ColumnStats toStats() {
        double[] std = new double[m2.length];
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(m2[j] / count);
        }
        return new ColumnStats(mean.clone(), std, count);
    }
}
