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

    /** {@code dataset, n, dims, loglik_mean, loglik_2se}: the JSON line of {@code eval} and {@code gaussian}. */
    public org.nd4j.shade.jackson.databind.node.ObjectNode toJson(String dataset, int dims) {
        var o = new org.nd4j.shade.jackson.databind.ObjectMapper().createObjectNode();
        o.put("dataset", dataset);
        o.put("n", count());
        o.put("dims", dims);
        o.put("loglik_mean", mean());
        o.put("loglik_2se", twoStandardErrors());
        return o;
    }

    /** "mean ± 2 s.e. nats/example (dataset …, N=…, D=…)". */
    public String describe(String dataset, int dims) {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f nats/example (dataset %s, N=%d, D=%d)", mean(),
                twoStandardErrors(), dataset, count(), dims);
    }
}
