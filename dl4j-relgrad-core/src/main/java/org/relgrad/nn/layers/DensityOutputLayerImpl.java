package org.relgrad.nn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.density.BaseDensity;
import org.relgrad.nn.conf.layers.DensityOutputLayer;

import java.util.Random;

/**
 * DL4J runtime of {@link DensityOutputLayer}: score = mean −log p(z) plus the network's per-layer terms (the flow
 * layers' Jacobian terms arrive through DL4J's regularisation-score hook), gradient ∂/∂z = −∇ log p(z) per example.
 */
public class DensityOutputLayerImpl extends ParameterFreeDensityOutputLayerImpl<DensityOutputLayer> {

    public DensityOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private BaseDensity density() {
        return layerConf().getDensity();
    }

    @Override
    public boolean isConditional() {
        return false;
    }

    @Override
    public INDArray logProb(INDArray z, INDArray u) {
        return density().logProb(z.castTo(DataType.DOUBLE));
    }

    @Override
    public INDArray sample(int n, int dims, INDArray u, Random rng) {
        if (u != null) {
            throw new IllegalArgumentException("The base density of this flow is unconditional: sample without u");
        }
        return density().sample(n, dims, rng);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        double nll = -density().logProb(input).sumNumber().doubleValue() / input.rows();
        score = nll + fullNetRegTerm;
        return score;
    }

    /**
     * Per-example −log p(z) plus {@code fullNetRegTerm}. The flow layers' Jacobian terms reach DL4J only as a batch
     * mean, so per-example log-likelihoods should come from {@code org.relgrad.flow.Flow#logProb}.
     */
    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray s = density().logProb(input).negi().addi(fullNetRegTerm).reshape(input.rows(), 1);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, s);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray grad = density().gradLogProb(input).negi().castTo(dataType);
        return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, grad));
    }
}
