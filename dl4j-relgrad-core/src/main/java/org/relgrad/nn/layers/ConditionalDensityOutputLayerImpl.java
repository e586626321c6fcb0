package org.relgrad.nn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.density.ConditionalDensity;
import org.relgrad.density.SegmentLabels;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * DL4J runtime of {@link ConditionalDensityOutputLayer}: score = mean −log p(z | u) plus the flow layers' Jacobian
 * terms, gradients for the latents and for the density's per-segment parameters. The math lives in the configured
 * {@link ConditionalDensity}; this class hands it the parameter tables and the labels as one-hot rows.
 */
public class ConditionalDensityOutputLayerImpl extends BaseDensityOutputLayerImpl<ConditionalDensityOutputLayer> {

    public ConditionalDensityOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private ConditionalDensity density() {
        return layerConf().getDensity();
    }

    private INDArray oneHot(INDArray u, long batch, DataType type) {
        return SegmentLabels.oneHot(u, batch, layerConf().getSegments()).castTo(type);
    }

    /** The density's parameter tables, by name, in {@code type}. */
    private Map<String, INDArray> tables(DataType type) {
        Map<String, INDArray> t = new LinkedHashMap<>();
        for (String name : density().parameterNames()) {
            INDArray p = getParam(name);
            t.put(name, p.dataType() == type ? p : p.castTo(type));
        }
        return t;
    }

    private INDArray logProb(INDArray z, INDArray u, DataType type) {
        INDArray zz = z.castTo(type);
        return density().logProb(zz, oneHot(u, zz.rows(), type), tables(type));
    }

    @Override
    public boolean isConditional() {
        return true;
    }

    /** log p(z | u) per example in double precision, for latents z and labels u (one-hot or indices). */
    @Override
    public INDArray logProb(INDArray z, INDArray u) {
        return logProb(z, u, DataType.DOUBLE);
    }

    @Override
    public INDArray sample(int n, int dims, INDArray u, Random rng) {
        if (u == null) {
            throw new IllegalArgumentException("This flow's base density is conditional: sampling needs u, one-hot ["
                    + "n, " + layerConf().getSegments() + "] or segment indices [n, 1]");
        }
        if (dims != layerConf().getNIn()) {
            throw new IllegalArgumentException("This conditional density has " + layerConf().getNIn()
                    + " dimensions, not " + dims);
        }
        return density().sample(oneHot(u, n, DataType.DOUBLE), tables(DataType.DOUBLE), rng);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        score = -logProb(input, labels, dataType).sumNumber().doubleValue() / input.rows() + fullNetRegTerm;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray s = logProb(input, labels, dataType).negi().addi(fullNetRegTerm).reshape(input.rows(), 1);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, s);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray z = input.castTo(dataType);
        INDArray gradZ = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, z.shape(), 'c');
        Map<String, INDArray> grads = new LinkedHashMap<>();
        for (String name : density().parameterNames()) {
            grads.put(name, gradientViews.get(name));
        }
        density().gradients(z, oneHot(labels, z.rows(), dataType), tables(dataType), gradZ, grads);
        Gradient g = new DefaultGradient();
        grads.forEach((name, view) -> g.gradientForVariable().put(name, view));
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
