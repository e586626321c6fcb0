package org.relgrad.nn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the DL4J runtime of every parameterised flow layer shares: no pretraining, a bias, no layer-wise fit. */
public abstract class BaseFlowLayer<C extends org.deeplearning4j.nn.conf.layers.FeedForwardLayer> extends BaseLayer<C>
        implements BijectiveLayer {

    protected BaseFlowLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return true;
    }

    @Override
    public void fit(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("Train the network (MultiLayerNetwork/ComputationGraph.fit), not a "
                + "single layer");
    }
}
