package org.relgrad.examples.lab.baseline;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * A mixture with one maximum-likelihood full-covariance Gaussian per class, weighted by the class frequencies:
 * p(x) = Σ_y π_y N(x; μ_y, Σ_y). The Gaussian counterpart of a flow with a class-conditional base density, and the
 * density behind Mahalanobis-distance detectors on classifier features.
 */
public final class ClassConditionalGaussian {
    private final List<FullCovarianceGaussian> classes;
    private final double[] logPrior;

    private ClassConditionalGaussian(List<FullCovarianceGaussian> classes, double[] logPrior) {
        this.classes = classes;
        this.logPrior = logPrior;
    }

    /**
     * Fits one Gaussian to the rows of each label in {@code 0..classes-1} that occurs; absent labels get no component.
     *
     * @throws IllegalArgumentException for a label out of range, or a class whose covariance is singular
     */
    public static ClassConditionalGaussian fit(INDArray x, int[] labels, int classes) {
        if (labels.length != x.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + x.rows() + " rows");
        }
        int[] counts = new int[classes];
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                throw new IllegalArgumentException("label " + l + " outside 0.." + (classes - 1));
            }
            counts[l]++;
        }
        List<FullCovarianceGaussian> components = new ArrayList<>();
        List<Double> logPrior = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                continue;
            }
            int[] rows = new int[counts[c]];
            for (int i = 0, k = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    rows[k++] = i;
                }
            }
            try {
                components.add(FullCovarianceGaussian.fit(x.getRows(rows)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Class " + c + " (" + counts[c] + " rows of " + x.columns()
                        + " features): " + e.getMessage(), e);
            }
            logPrior.add(Math.log((double) counts[c] / labels.length));
        }
        return new ClassConditionalGaussian(components, logPrior.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** log p(x) per row: [B, D] → [B], in double, by a log-sum-exp over the classes. */
    public INDArray logProb(INDArray x) {
        int n = (int) x.rows();
        double[][] terms = new double[classes.size()][];
        for (int c = 0; c < terms.length; c++) {
            terms[c] = classes.get(c).logProb(x).toDoubleVector();
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < terms.length; c++) {
                max = Math.max(max, terms[c][i] + logPrior[c]);
            }
            double sum = 0;
            for (int c = 0; c < terms.length; c++) {
                sum += Math.exp(terms[c][i] + logPrior[c] - max);
            }
            out[i] = max + Math.log(sum);
        }
        return Nd4j.createFromArray(out).castTo(DataType.DOUBLE);
    }
}
