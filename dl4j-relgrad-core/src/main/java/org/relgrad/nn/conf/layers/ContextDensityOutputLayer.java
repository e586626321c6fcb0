package org.relgrad.nn.conf.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import lombok.ToString;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.density.BaseDensity;
import org.relgrad.density.StandardNormal;
import org.relgrad.nn.layers.ContextDensityOutputLayerImpl;

import java.util.Collection;

/**
 * Output layer of a flow conditioned on a context c: p(z | c) = Π_j e^{−s_j} q((z_j − μ_j) e^{−s_j}) for a base
 * density q (standard normal by default), whose location μ(c) and log-scale s(c) come from any DL4J sub-network of
 * the context. Its input is the concatenation [z | μ | s] (width 3D), e.g. a {@code MergeVertex} of the flow chain's
 * last layer and a context branch ending in a 2D-wide layer with identity activation; its output is that input. No
 * parameters of its own; labels are not needed. See {@code org.relgrad.flow.ContextFlow}.
 */
@Data
@NoArgsConstructor
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public class ContextDensityOutputLayer extends BaseDensityOutputLayer {

    private BaseDensity density = new StandardNormal();

    private ContextDensityOutputLayer(Builder builder) {
        super(builder);
        this.density = builder.density;
        if (density == null) {
            throw new FlowConfigurationException("ContextDensityOutputLayer: density must not be null");
        }
        if (nIn > 0) {
            checkWidth();
        }
    }

    private void checkWidth() {
        if (nIn % 3 != 0) {
            throw new FlowConfigurationException("ContextDensityOutputLayer: its input is [z | mu | s], of width 3D; "
                    + "got " + nIn);
        }
        nOut = nIn;
    }

    /** Width D of the latents. */
    public int dims() {
        return (int) (nIn / 3);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        checkWidth();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        checkWidth();
        return LayerWiring.wire(new ContextDensityOutputLayerImpl(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return parameterFreeMemoryReport(inputType);
    }

    /** Builder in DL4J style; the default base density is the standard normal. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private BaseDensity density = new StandardNormal();

        public Builder() {
            this.activationFn = new ActivationIdentity();
        }

        /** The standardised base density q of (z − μ) e^{−s}. */
        public Builder density(BaseDensity density) {
            this.density = density;
            return this;
        }

        /** Width D of the latents: the input is 3D wide. */
        public Builder units(int d) {
            this.nIn = 3L * d;
            this.nOut = 3L * d;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ContextDensityOutputLayer build() {
            return new ContextDensityOutputLayer(this);
        }
    }
}
