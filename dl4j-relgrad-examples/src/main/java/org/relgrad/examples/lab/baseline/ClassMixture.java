package org.relgrad.examples.lab.baseline;

/**
 * log p(x) = log Σ_y π_y p(x | y) from per-class log-densities, π the class frequencies: the one mixture behind the
 * class-conditional Gaussian and the class-conditional flow head, so both are scored alike.
 */
public final class ClassMixture {
    private ClassMixture() {
    }

    /** log π_y for y in 0..classes-1; −∞ for a class absent from {@code labels}. */
    public static double[] logPriors(int[] labels, int classes) {
        double[] p = new double[classes];
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                throw new IllegalArgumentException("label " + l + " outside 0.." + (classes - 1));
            }
            p[l] += 1.0 / labels.length;
        }
        for (int c = 0; c < classes; c++) {
            p[c] = Math.log(p[c]);
        }
        return p;
    }

    /**
     * Per row, log Σ_y exp(logPrior[y] + perClass[y][row]) by a log-sum-exp; classes with prior −∞ are skipped
     * (their {@code perClass} entry may be null).
     */
    public static double[] logProb(double[][] perClass, double[] logPrior) {
        int n = -1;
        for (int c = 0; c < logPrior.length; c++) {
            if (logPrior[c] != Double.NEGATIVE_INFINITY) {
                n = perClass[c].length;
            }
        }
        if (n < 0) {
            throw new IllegalArgumentException("A mixture needs at least one class with positive weight");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < logPrior.length; c++) {
                if (logPrior[c] != Double.NEGATIVE_INFINITY) {
                    max = Math.max(max, perClass[c][i] + logPrior[c]);
                }
            }
            double sum = 0;
            for (int c = 0; c < logPrior.length; c++) {
                if (logPrior[c] != Double.NEGATIVE_INFINITY) {
                    sum += Math.exp(perClass[c][i] + logPrior[c] - max);
                }
            }
            out[i] = max + Math.log(sum);
        }
        return out;
    }
}
