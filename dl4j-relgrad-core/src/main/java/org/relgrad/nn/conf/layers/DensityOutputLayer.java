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
import org.relgrad.nn.layers.DensityOutputLayerImpl;

import java.util.Collection;

/**
 * Output layer of a flow: scores the latents z under a base density, −log p(z) per example, with no parameters of its
 * own. Its output is z itself, so {@code network.output(x)} maps data to latents. Labels are not needed.
 */
@Data
@NoArgsConstructor
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public class DensityOutputLayer extends BaseDensityOutputLayer {

    private BaseDensity density = new StandardNormal();

    private DensityOutputLayer(Builder builder) {
        super(builder);
        if (builder.density == null) {
            throw new FlowConfigurationException("DensityOutputLayer: density must not be null");
        }
        this.density = builder.density;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new DensityOutputLayerImpl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return parameterFreeMemoryReport(inputType);
    }

    /** Builder in DL4J style; the default density is the standard normal. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private BaseDensity density = new StandardNormal();

        public Builder() {
            this.activationFn = new ActivationIdentity();
        }

        public Builder(BaseDensity density) {
            this();
            this.density = density;
        }

        /** The base density p(z). */
        public Builder density(BaseDensity density) {
            this.density = density;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public DensityOutputLayer build() {
            return new DensityOutputLayer(this);
        }
    }
}
