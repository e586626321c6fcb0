package org.relgrad.nn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.density.SegmentConditionalDensity;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;
import org.relgrad.nn.params.ConditionalDensityParamInitializer;

/**
 * DL4J runtime of {@link ConditionalDensityOutputLayer}: score = mean −log p(z | u) plus the flow layers' Jacobian
 * terms, gradients for the latents and for the per-segment locations and log-scales. The math lives in
 * {@link SegmentConditionalDensity}.
 */
public class ConditionalDensityOutputLayerImpl extends BaseDensityOutputLayerImpl<ConditionalDensityOutputLayer> {

    public ConditionalDensityOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private INDArray oneHot() {
        return SegmentConditionalDensity.oneHot(labels, input.rows(), layerConf().getSegments()).castTo(dataType);
    }

    /** log p(z | u) per example for latents z and labels u (one-hot or indices). */
    public INDArray logProb(INDArray z, INDArray u) {
        INDArray zz = z.castTo(dataType);
        INDArray oneHot = SegmentConditionalDensity.oneHot(u, zz.rows(), layerConf().getSegments()).castTo(dataType);
        return SegmentConditionalDensity.logProb(layerConf().getFamily(), zz, oneHot,
                getParam(ConditionalDensityParamInitializer.MU), getParam(ConditionalDensityParamInitializer.LOG_SCALE));
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        score = -logProb(input, labels).sumNumber().doubleValue() / input.rows() + fullNetRegTerm;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray s = logProb(input, labels).negi().addi(fullNetRegTerm).reshape(input.rows(), 1);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, s);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray z = input.castTo(dataType);
        INDArray gradZ = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, z.shape(), 'c');
        INDArray gradMu = gradientViews.get(ConditionalDensityParamInitializer.MU);
        INDArray gradLogScale = gradientViews.get(ConditionalDensityParamInitializer.LOG_SCALE);
        SegmentConditionalDensity.gradients(layerConf().getFamily(), z, oneHot(),
                getParam(ConditionalDensityParamInitializer.MU), getParam(ConditionalDensityParamInitializer.LOG_SCALE),
                gradZ, gradMu, gradLogScale);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(ConditionalDensityParamInitializer.MU, gradMu);
        g.gradientForVariable().put(ConditionalDensityParamInitializer.LOG_SCALE, gradLogScale);
        return new Pair<>(g, gradZ);
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        gradient = backpropGradient(null, workspaceMgr).getFirst();
        score = computeScore(0.0, true, workspaceMgr);
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public int numLabels() {
        return layerConf().getSegments();
    }
}
