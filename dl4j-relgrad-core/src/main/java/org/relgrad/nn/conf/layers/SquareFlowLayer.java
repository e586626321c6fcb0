package org.relgrad.nn.conf.layers;

import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import lombok.ToString;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * What every configuration of a D → D flow layer shares: nIn = nOut (either set, or the input type's width), no
 * dropout or weight noise (both make the likelihood inexact), errors naming the layer, and the wiring of the runtime
 * layer. Subclasses add their own rules ({@link #validateLayer}) and make their runtime layer ({@link #createLayer}).
 */
@NoArgsConstructor
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public abstract class SquareFlowLayer extends FeedForwardLayer {

    protected SquareFlowLayer(FeedForwardLayer.Builder<?> builder) {
        super(builder);
        resolveSize();
    }

    /** The runtime layer of this configuration (not yet wired to its parameters). */
    protected abstract org.deeplearning4j.nn.layers.BaseLayer<?> createLayer(NeuralNetConfiguration conf,
            DataType dataType);

    /** This layer type's own rules, after the shared ones; {@code layerIndex} may be -1 when unknown. */
    protected abstract void validateLayer(int layerIndex);

    /** What the square rule's message adds, e.g. "An invertible dense layer is square". */
    protected abstract String whySquare();

    private void resolveSize() {
        if (nOut <= 0) {
            nOut = nIn;
        } else if (nIn <= 0) {
            nIn = nOut;
        }
    }

    /** Checks every rule of this layer; {@code layerIndex} may be -1 when unknown. */
    public void validate(int layerIndex) {
        if (nIn > 0 && nOut > 0 && nIn != nOut) {
            throw new FlowConfigurationException(describe(layerIndex) + ": nIn (" + nIn + ") != nOut (" + nOut
                    + "). " + whySquare() + ": set only one of them, or use .units(" + nIn + ").");
        }
        rejectDropout(getIDropout(), layerIndex);
        rejectWeightNoise(getWeightNoise(), layerIndex);
        validateLayer(layerIndex);
    }

    // DL4J copies a network-wide dropout / weight noise into each layer through these setters at build time;
    // rejecting here is what makes `.dropOut(0.5)` on the NeuralNetConfiguration.Builder fail at build().
    @Override
    public void setIDropout(IDropout iDropout) {
        rejectDropout(iDropout, -1);
        super.setIDropout(iDropout);
    }

    @Override
    public void setWeightNoise(IWeightNoise weightNoise) {
        rejectWeightNoise(weightNoise, -1);
        super.setWeightNoise(weightNoise);
    }

    private void rejectDropout(IDropout d, int layerIndex) {
        if (d != null) {
            throw new FlowConfigurationException(describe(layerIndex) + ": dropout (" + d + ") makes the layer "
                    + "non-invertible and the likelihood inexact. Remove .dropOut(...) from this layer and from the "
                    + "network-wide NeuralNetConfiguration.Builder (or set it only on non-flow layers).");
        }
    }

    private void rejectWeightNoise(IWeightNoise w, int layerIndex) {
        if (w != null) {
            throw new FlowConfigurationException(describe(layerIndex) + ": weight noise (" + w + ") makes the "
                    + "likelihood inexact. Remove .weightNoise(...) from this layer and from the network-wide "
                    + "NeuralNetConfiguration.Builder.");
        }
    }

    /** "TypeName "name" (index i)", for messages. */
    protected String describe(int layerIndex) {
        return getClass().getSimpleName() + (getLayerName() != null ? " \"" + getLayerName() + "\"" : "")
                + (layerIndex >= 0 ? " (index " + layerIndex + ")" : "");
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        if (nOut <= 0) {
            nOut = nIn;
        }
        validate(-1);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (nIn <= 0 && nOut <= 0) {
            throw new FlowConfigurationException(describe(layerIndex) + ": size not set. Use .units(D), or set "
                    + "the network input type (setInputType(InputType.feedForward(D))).");
        }
        resolveSize();
        validate(layerIndex);
        return LayerWiring.wire(createLayer(conf, networkDataType), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }
}
