package org.relgrad.nn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.relgrad.density.BaseDensity;
import org.relgrad.density.LocationScale;
import org.relgrad.nn.conf.layers.ContextDensityOutputLayer;

import java.util.Random;

/**
 * DL4J runtime of {@link ContextDensityOutputLayer}: splits its input [z | μ | s] and hands it to
 * {@link LocationScale}, which holds the math.
 */
public class ContextDensityOutputLayerImpl extends ParameterFreeDensityOutputLayerImpl<ContextDensityOutputLayer> {

    public ContextDensityOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private BaseDensity density() {
        return layerConf().getDensity();
    }

    private int dims() {
        return layerConf().dims();
    }

    private static INDArray part(INDArray in, int k, int d) {
        return in.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * d, (long) (k + 1) * d));
    }

    /** Per example log p(z | μ, s) from z [B, D] and θ = [μ | s] [B, 2D]. */
    private INDArray logProbOf(INDArray z, INDArray mu, INDArray s) {
        return LocationScale.logProb(density(), z, mu, s);
    }

    @Override
    public boolean isConditional() {
        return true;
    }

    /** log p(z | θ) per example, θ = [μ | s] [B, 2D] as the context branch gives it. */
    @Override
    public INDArray logProb(INDArray z, INDArray theta) {
        int d = dims();
        if (theta == null || theta.rank() != 2 || theta.columns() != 2L * d || theta.rows() != z.rows()) {
            throw new IllegalArgumentException("The base density is conditioned on the context: expected its "
                    + "parameters [mu | s] of shape [" + z.rows() + ", " + 2 * d + "]");
        }
        INDArray t = theta.castTo(DataType.DOUBLE);
        return logProbOf(z.castTo(DataType.DOUBLE), part(t, 0, d), part(t, 1, d));
    }

    /** One draw of z per row of θ = [μ | s]: μ + e^s ε with ε from the base density. */
    @Override
    public INDArray sample(int n, int dims, INDArray theta, Random rng) {
        if (theta == null || theta.rows() != n) {
            throw new IllegalArgumentException("Sampling p(z | c) needs the context parameters of each draw");
        }
        INDArray t = theta.castTo(DataType.DOUBLE);
        return LocationScale.sample(density(), part(t, 0, dims), part(t, 1, dims), rng);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        int d = dims();
        INDArray in = input.castTo(DataType.DOUBLE);
        double nll = -logProbOf(part(in, 0, d), part(in, 1, d), part(in, 2, d)).sumNumber().doubleValue()
                / input.rows();
        score = nll + fullNetRegTerm;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        int d = dims();
        INDArray in = input.castTo(DataType.DOUBLE);
        INDArray s = logProbOf(part(in, 0, d), part(in, 1, d), part(in, 2, d)).negi().addi(fullNetRegTerm)
                .reshape(input.rows(), 1).castTo(dataType);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, s);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        int d = dims();
        INDArray in = input.castTo(DataType.DOUBLE);
        LocationScale.NllGradients g = LocationScale.nllGradients(density(), part(in, 0, d), part(in, 1, d),
                part(in, 2, d));
        INDArray grad = Nd4j.hstack(g.z(), g.location(), g.logScale()).castTo(dataType);
        return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, grad));
    }
}
