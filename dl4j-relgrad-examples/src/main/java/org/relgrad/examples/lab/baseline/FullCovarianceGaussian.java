package org.relgrad.examples.lab.baseline;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.data.ColumnStats;
import org.relgrad.data.ExampleSource;
import org.relgrad.linalg.HostLapack;
import org.relgrad.linalg.LuFactors;

/**
 * The maximum-likelihood Gaussian with full covariance: the baseline every density model of tabular data must beat.
 * Fitted in two streaming passes (mean, then Σ (x − μ)ᵀ(x − μ) by matrix products per batch).
 */
public final class FullCovarianceGaussian {
    private final INDArray mean;
    private final INDArray covariance;
    private final LuFactors lu;
    private final double logNormalizer;

    public FullCovarianceGaussian(INDArray mean, INDArray covariance) {
        this.mean = mean.castTo(DataType.DOUBLE).reshape(1, mean.length());
        this.covariance = covariance.castTo(DataType.DOUBLE);
        this.lu = HostLapack.lu(this.covariance);
        if (lu.isSingular()) {
            throw new IllegalArgumentException("The covariance matrix is singular: a feature is constant or a linear "
                    + "combination of others, so the data have no Gaussian density");
        }
        long d = this.mean.length();
        this.logNormalizer = -0.5 * (d * Math.log(2 * Math.PI) + lu.logAbsDet());
    }

    /** The maximum-likelihood fit (covariance divided by N) to every example of {@code data}. */
    public static FullCovarianceGaussian fit(ExampleSource data) {
        ColumnStats stats = data.stats();
        INDArray mean = Nd4j.createFromArray(stats.mean()).reshape(1, stats.mean().length);
        INDArray scatter = Nd4j.zeros(DataType.DOUBLE, data.dims(), data.dims());
        DataSetIterator it = data.iterator(4096, null);
        long n = 0;
        while (it.hasNext()) {
            INDArray centred = it.next().getFeatures().castTo(DataType.DOUBLE).subRowVector(mean);
            Nd4j.gemm(centred, centred, scatter, true, false, 1.0, 1.0);
            n += centred.rows();
        }
        return new FullCovarianceGaussian(mean, scatter.divi(n));
    }

    /** The maximum-likelihood fit to the rows of {@code x} ([N, D]). */
    public static FullCovarianceGaussian fit(INDArray x) {
        INDArray d = x.castTo(DataType.DOUBLE);
        INDArray mean = d.mean(0).reshape(1, d.columns());
        INDArray centred = d.subRowVector(mean);
        return new FullCovarianceGaussian(mean, centred.transpose().mmul(centred).divi(d.rows()));
    }

    public INDArray mean() {
        return mean.dup();
    }

    public INDArray covariance() {
        return covariance.dup();
    }

    /** log N(x; μ, Σ) per example: [B, D] → [B], in double. */
    public INDArray logProb(INDArray x) {
        INDArray centred = x.castTo(DataType.DOUBLE).subRowVector(mean);
        INDArray solved = lu.solveRight(centred);
        return centred.muli(solved).sum(1).muli(-0.5).addi(logNormalizer);
    }
}
