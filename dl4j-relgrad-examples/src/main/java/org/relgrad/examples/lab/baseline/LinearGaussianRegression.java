package org.relgrad.examples.lab.baseline;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.linalg.HostLapack;

/**
 * The homoscedastic linear-Gaussian regression y | x ~ N(a + xB, Σ) fitted by maximum likelihood (least squares for
 * a and B, Σ the residuals' covariance divided by N): the baseline a conditional density p(y | x) must beat. Several
 * targets share one full residual covariance, so their joint density is modelled too.
 */
public final class LinearGaussianRegression {
    private final INDArray coefficients; // [1 + C, D]: intercept row, then B
    private final FullCovarianceGaussian residuals;

    private LinearGaussianRegression(INDArray coefficients, FullCovarianceGaussian residuals) {
        this.coefficients = coefficients;
        this.residuals = residuals;
    }

    /** Least squares of y [N, D] on x [N, C] with an intercept. */
    public static LinearGaussianRegression fit(INDArray x, INDArray y) {
        if (x.rows() != y.rows() || x.rows() <= x.columns() + 1) {
            throw new IllegalArgumentException("Need more rows than predictors + 1 and one target row per x row; got x "
                    + java.util.Arrays.toString(x.shape()) + ", y " + java.util.Arrays.toString(y.shape()));
        }
        INDArray design = withIntercept(x);
        INDArray yy = y.castTo(DataType.DOUBLE);
        INDArray coefficients = HostLapack.inverse(design.transpose().mmul(design)).mmul(design.transpose().mmul(yy));
        INDArray r = yy.sub(design.mmul(coefficients));
        INDArray covariance = r.transpose().mmul(r).divi(r.rows());
        return new LinearGaussianRegression(coefficients,
                new FullCovarianceGaussian(Nd4j.zeros(DataType.DOUBLE, 1, y.columns()), covariance));
    }

    private static INDArray withIntercept(INDArray x) {
        return Nd4j.hstack(Nd4j.ones(DataType.DOUBLE, x.rows(), 1), x.castTo(DataType.DOUBLE));
    }

    /** The conditional mean a + xB: [N, D]. */
    public INDArray predict(INDArray x) {
        return withIntercept(x).mmul(coefficients);
    }

    /** log p(y | x) per example, in nats: [N]. */
    public INDArray logProb(INDArray x, INDArray y) {
        return residuals.logProb(y.castTo(DataType.DOUBLE).sub(predict(x)));
    }
}
