package org.relgrad.examples.lab.baseline;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A mixture with one maximum-likelihood full-covariance Gaussian per class, weighted by the class frequencies:
 * p(x) = Σ_y π_y N(x; μ_y, Σ_y). The Gaussian counterpart of a flow with a class-conditional base density, and the
 * density behind Mahalanobis-distance detectors on classifier features.
 */
public final class ClassConditionalGaussian {
    private final FullCovarianceGaussian[] byClass;
    private final double[] logPrior;

    private ClassConditionalGaussian(FullCovarianceGaussian[] byClass, double[] logPrior) {
        this.byClass = byClass;
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
        double[] logPrior = ClassMixture.logPriors(labels, classes);
        FullCovarianceGaussian[] byClass = new FullCovarianceGaussian[classes];
        for (int c = 0; c < classes; c++) {
            final int label = c;
            int[] rows = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
            if (rows.length == 0) {
                continue;
            }
            try {
                byClass[c] = FullCovarianceGaussian.fit(x.getRows(rows));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Class " + c + " (" + rows.length + " rows of " + x.columns()
                        + " features): " + e.getMessage(), e);
            }
        }
        return new ClassConditionalGaussian(byClass, logPrior);
    }

    /** log p(x) per row: [B, D] → [B], in double. */
    public INDArray logProb(INDArray x) {
        double[][] perClass = new double[byClass.length][];
        for (int c = 0; c < byClass.length; c++) {
            if (byClass[c] != null) {
                perClass[c] = byClass[c].logProb(x).toDoubleVector();
            }
        }
        return Nd4j.createFromArray(ClassMixture.logProb(perClass, logPrior)).castTo(DataType.DOUBLE);
    }
}
