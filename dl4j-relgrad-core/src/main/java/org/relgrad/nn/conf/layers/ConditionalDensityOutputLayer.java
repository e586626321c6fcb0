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
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.relgrad.density.ConditionalFamily;
import org.relgrad.nn.layers.ConditionalDensityOutputLayerImpl;
import org.relgrad.nn.params.ConditionalDensityParamInitializer;

import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Output layer of a conditional flow: scores the latents z under p(z | u) = Π_i p((z_i − μ_{u,i}) / s_{u,i}) / s_{u,i},
 * with learned per-segment locations and log-scales, where the segment u comes in the DataSet's labels (one-hot
 * [B, S] or indices [B, 1]). This is the model of identifiable nonlinear ICA (Gresele et al. 2020, eq. 4).
 */
@Data
@NoArgsConstructor
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public class ConditionalDensityOutputLayer extends BaseDensityOutputLayer {

    private ConditionalFamily family = ConditionalFamily.LAPLACE;
    private int segments;

    private ConditionalDensityOutputLayer(Builder builder) {
        super(builder);
        if (builder.segments < 1) {
            throw new FlowConfigurationException("ConditionalDensityOutputLayer"
                    + (getLayerName() != null ? " \"" + getLayerName() + "\"" : "")
                    + ": set the number of segments with .segments(S), S >= 1");
        }
        if (builder.family == null) {
            throw new FlowConfigurationException("ConditionalDensityOutputLayer: family must not be null");
        }
        this.family = builder.family;
        this.segments = builder.segments;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        if (getNIn() <= 0) {
            throw new FlowConfigurationException("ConditionalDensityOutputLayer (index " + layerIndex + "): size not "
                    + "set. Use .nIn(D) or the network input type.");
        }
        return LayerWiring.wire(new ConditionalDensityOutputLayerImpl(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return ConditionalDensityParamInitializer.getInstance();
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return Collections.emptyList();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, ConditionalDensityOutputLayer.class, inputType, inputType)
                .standardMemory(params, getIUpdater() == null ? 0 : getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, 4 * getNIn())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Builder in DL4J style; {@link #segments(int)} is required, the family defaults to Laplace. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private ConditionalFamily family = ConditionalFamily.LAPLACE;
        private int segments;

        public Builder() {
            this.activationFn = new ActivationIdentity();
        }

        /** Number S of segments (values of the auxiliary variable u). */
        public Builder segments(int segments) {
            this.segments = segments;
            return this;
        }

        /** Shape of each component's density; default Laplace. */
        public Builder family(ConditionalFamily family) {
            this.family = family;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ConditionalDensityOutputLayer build() {
            return new ConditionalDensityOutputLayer(this);
        }
    }
}
