package org.relgrad.nn.layers;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.relgrad.density.BaseDensity;
import org.relgrad.nn.conf.layers.DensityOutputLayer;

import java.util.List;

/**
 * DL4J runtime of {@link DensityOutputLayer}: score = mean −log p(z) plus the network's per-layer terms (the flow
 * layers' Jacobian terms arrive through DL4J's regularisation-score hook), gradient ∂/∂z = −∇ log p(z) per example.
 */
public class DensityOutputLayerImpl extends BaseLayer<DensityOutputLayer> implements IOutputLayer {

    private INDArray labels;

    public DensityOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private BaseDensity density() {
        return layerConf().getDensity();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, input);
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

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        gradient = new DefaultGradient();
        score = computeScore(0.0, true, workspaceMgr);
    }

    @Override
    public Pair<Gradient, Double> gradientAndScore() {
        return new Pair<>(gradient(), score());
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return 0.0;
    }

    @Override
    public boolean needsLabels() {
        return false;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public void clear() {
        super.clear();
        labels = null; // never destroyed: for unsupervised batches the "labels" may be the features themselves
    }

    @Override
    public INDArray params() {
        return null;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw unsupported();
    }

    // Classifier methods: a density layer has no classes.
    @Override
    public double f1Score(DataSet data) {
        throw unsupported();
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        throw unsupported();
    }

    @Override
    public int numLabels() {
        throw unsupported();
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw unsupported();
    }

    @Override
    public int[] predict(INDArray examples) {
        throw unsupported();
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        throw unsupported();
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw unsupported();
    }

    @Override
    public void fit(DataSet data) {
        throw unsupported();
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw unsupported();
    }

    private UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("DensityOutputLayer scores densities; it is not a classifier "
                + "and is trained through its network's fit");
    }
}
