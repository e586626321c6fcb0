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
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.relgrad.density.ConditionalDensity;
import org.relgrad.density.ConditionalFamily;
import org.relgrad.density.ConditionalLaplace;
import org.relgrad.nn.layers.ConditionalDensityOutputLayerImpl;
import org.relgrad.nn.params.ConditionalDensityParamInitializer;

import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Output layer of a conditional flow: scores the latents z under a {@link ConditionalDensity} p(z | u) with learned
 * per-segment parameters, e.g. {@link ConditionalLaplace} (the default): p(z_i | u) = p((z_i − μ_{u,i}) / s_{u,i}) /
 * s_{u,i}, where the segment u comes in the DataSet's labels (one-hot [B, S] or indices [B, 1]). This is the model of
 * identifiable nonlinear ICA (Gresele et al. 2020, eq. 4).
 *
 * <p>JSON: the density is written as an object by class name. Configurations written when the family was an enum
 * ({@code "family" : "GAUSSIAN"} or {@code "LAPLACE"}) still load, as the corresponding class.
 */
@Data
@NoArgsConstructor
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public class ConditionalDensityOutputLayer extends BaseDensityOutputLayer {

    private ConditionalDensity density = new ConditionalLaplace();
    private int segments;

    private ConditionalDensityOutputLayer(Builder builder) {
        super(builder);
        if (builder.segments < 1) {
            throw new FlowConfigurationException("ConditionalDensityOutputLayer"
                    + (getLayerName() != null ? " \"" + getLayerName() + "\"" : "")
                    + ": set the number of segments with .segments(S), S >= 1");
        }
        if (builder.density == null) {
            throw new FlowConfigurationException("ConditionalDensityOutputLayer: density must not be null");
        }
        this.density = builder.density;
        this.segments = builder.segments;
    }

    /**
     * Reads the {@code "family"} property of configurations written before densities were classes.
     *
     * @deprecated use {@link #setDensity(ConditionalDensity)}
     */
    @Deprecated
    @JsonProperty("family")
    public void setFamily(ConditionalFamily family) {
        this.density = family.density();
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

    /** Builder in DL4J style; {@link #segments(int)} is required, the density defaults to {@link ConditionalLaplace}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private ConditionalDensity density = new ConditionalLaplace();
        private int segments;

        public Builder() {
            this.activationFn = new ActivationIdentity();
        }

        /** Number S of segments (values of the auxiliary variable u). */
        public Builder segments(int segments) {
            this.segments = segments;
            return this;
        }

        /** The conditional base density p(z | u); default {@link ConditionalLaplace}. */
        public Builder density(ConditionalDensity density) {
            this.density = density;
            return this;
        }

        /**
         * The density a legacy family name stands for.
         *
         * @deprecated use {@link #density(ConditionalDensity)}, e.g. {@code .density(new ConditionalGaussian())}
         */
        @Deprecated
        public Builder family(ConditionalFamily family) {
            return density(family == null ? null : family.density());
        }

        @Override
        @SuppressWarnings("unchecked")
        public ConditionalDensityOutputLayer build() {
            return new ConditionalDensityOutputLayer(this);
        }
    }
}
