package org.relgrad.examples.lab.anomaly;

import java.util.Arrays;

/** Area under the ROC curve of an anomaly score: P(score of an anomaly > score of a normal example), ties half. */
public final class Auroc {
    private Auroc() {
    }

    /** By ranks (Mann–Whitney U) in O((n + m) log(n + m)); NaN scores are rejected. */
    public static double of(double[] anomalyScores, double[] normalScores) {
        int n = anomalyScores.length;
        int m = normalScores.length;
        if (n == 0 || m == 0) {
            throw new IllegalArgumentException("AUROC needs at least one anomaly and one normal example");
        }
        double[][] all = new double[n + m][];
        for (int i = 0; i < n; i++) {
            all[i] = new double[] {check(anomalyScores[i]), 1};
        }
        for (int j = 0; j < m; j++) {
            all[n + j] = new double[] {check(normalScores[j]), 0};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0;
        for (int i = 0; i < all.length;) {
            int j = i;
            while (j < all.length && all[j][0] == all[i][0]) {
                j++;
            }
            double midRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (int k = i; k < j; k++) {
                if (all[k][1] == 1) {
                    rankSum += midRank;
                }
            }
            i = j;
        }
        return (rankSum - n * (n + 1) / 2.0) / ((double) n * m);
    }

    private static double check(double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("NaN anomaly score");
        }
        return v;
    }
}
