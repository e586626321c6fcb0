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
import org.nd4j.linalg.ops.transforms.Transforms;
import org.relgrad.density.BaseDensity;
import org.relgrad.nn.conf.layers.ContextDensityOutputLayer;

import java.util.Random;

/**
 * DL4J runtime of {@link ContextDensityOutputLayer}. With ε = (z − μ) e^{−s} and g = ∇ log q(ε):
 * log p(z | μ, s) = log q(ε) − Σ s; ∂/∂z = g e^{−s}, ∂/∂μ = −g e^{−s}, ∂/∂s = −g ε − 1.
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

    /** Per example log p(z | μ, s) in double, from z [B, D] and θ = [μ | s] [B, 2D]. */
    private INDArray logProbOf(INDArray z, INDArray mu, INDArray s) {
        INDArray eps = z.sub(mu).muli(Transforms.exp(s.neg(), false));
        return density().logProb(eps).subi(s.sum(1));
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
        INDArray eps = density().sample(n, dims, rng);
        return eps.muli(Transforms.exp(part(t, 1, dims), true)).addi(part(t, 0, dims));
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
        INDArray invScale = Transforms.exp(part(in, 2, d).neg(), false);
        INDArray eps = part(in, 0, d).sub(part(in, 1, d)).muli(invScale);
        INDArray g = density().gradLogProb(eps);
        // −∂ log p per example: [−g e^{−s} | g e^{−s} | g ε + 1]
        INDArray gz = g.mul(invScale);
        INDArray grad = Nd4j.hstack(gz.neg(), gz, g.mul(eps).addi(1.0)).castTo(dataType);
        return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, grad));
    }
}
