package org.relgrad.nn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A density output layer without parameters or labels of its own: what the standard and the context one share. */
abstract class ParameterFreeDensityOutputLayerImpl<C extends org.deeplearning4j.nn.conf.layers.FeedForwardLayer>
        extends BaseDensityOutputLayerImpl<C> {

    ParameterFreeDensityOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        gradient = new DefaultGradient();
        score = computeScore(0.0, true, workspaceMgr);
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
    public INDArray params() {
        return null;
    }

    @Override
    public int numLabels() {
        throw unsupported();
    }
}
