package org.relgrad.examples.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Streaming mean and standard error of per-example log-likelihoods (Welford), for sets too large to keep. */
public final class LogLikelihoodSummary {
    private long n;
    private double mean;
    private double m2;

    public void addAll(INDArray values) {
        for (double v : values.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble()) {
            add(v);
        }
    }

    public void add(double v) {
        n++;
        double d = v - mean;
        mean += d / n;
        m2 += d * (v - mean);
    }

    public long count() {
        return n;
    }

    public double mean() {
        if (n == 0) {
            throw new IllegalStateException("No examples were evaluated");
        }
        return mean;
    }

    /** 2·s/√N with the sample standard deviation s: the half-width of a ~95% interval for the mean. */
    public double twoStandardErrors() {
        return n > 1 ? 2 * Math.sqrt(m2 / (n - 1)) / Math.sqrt(n) : Double.NaN;
    }
}
