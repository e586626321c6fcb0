package org.relgrad.nn.conf.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/** The part of {@code instantiate} that every layer configuration of this library shares. */
final class LayerWiring {
    private LayerWiring() {
    }

    /** The wiring every layer of this library's {@code instantiate} does once its runtime object exists. */
    static Layer wire(BaseLayer<?> impl, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int layerIndex, INDArray paramsView, boolean initializeParams) {
        impl.setListeners(listeners);
        impl.setIndex(layerIndex);
        impl.setParamsViewArray(paramsView);
        impl.setParamTable(conf.getLayer().initializer().init(conf, paramsView, initializeParams));
        impl.setConf(conf);
        return impl;
    }
}
