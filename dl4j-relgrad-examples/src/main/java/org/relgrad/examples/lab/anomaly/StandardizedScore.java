package org.relgrad.examples.lab.anomaly;

/**
 * An anomaly score put on the scale of normal data: (s − mean) / std, the moments taken from scores of normal
 * examples only. Sums of such scores combine detectors without any anomaly seen in choosing their weights.
 */
public record StandardizedScore(double mean, double std) {

    public StandardizedScore {
        if (!(std > 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("Scores of normal examples must be finite and not all equal");
        }
    }

    /** The moments of {@code normalScores} (at least two, not all equal). */
    public static StandardizedScore of(double[] normalScores) {
        double m = 0;
        for (double s : normalScores) {
            m += s / normalScores.length;
        }
        double v = 0;
        for (double s : normalScores) {
            v += (s - m) * (s - m) / (normalScores.length - 1);
        }
        return new StandardizedScore(m, Math.sqrt(v));
    }

    public double[] apply(double[] scores) {
        double[] z = new double[scores.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (scores[i] - mean) / std;
        }
        return z;
    }

    /** Element-wise sum of two equally long scores. */
    static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
