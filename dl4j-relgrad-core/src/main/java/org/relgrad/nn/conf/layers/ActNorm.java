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
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.relgrad.nn.layers.ActNormImpl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ActNorm (Glow): a learnable per-feature affine map z = x ⊙ e^ℓ + t, invertible for any finite log-scale ℓ, with
 * log|det| = Σ ℓ. On the first training batch it initialises itself from the data so that this batch leaves it
 * with mean 0 and variance 1 per feature; the fact that it did is a parameter ("initialized", never trained), so it
 * travels with the parameters through ModelSerializer, copies and transfer learning and is never redone. Its
 * parameters ℓ ("logScale") and t ("shift"), [1, D] each, take ordinary gradients. The math is in
 * {@link org.relgrad.nn.math.ActNormMath}.
 *
 * <p>nIn equals nOut (set either, or {@link Builder#units(int)}); it has no activation, and dropout and weight noise
 * are rejected since they break the exact likelihood.
 */
@Data
@NoArgsConstructor
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public class ActNorm extends SquareFlowLayer {
    /** Per-feature log-scale ℓ, [1, D]. */
    public static final String LOG_SCALE = "logScale";
    /** Per-feature shift t, [1, D]. */
    public static final String SHIFT = "shift";
    /** 1 once the data-dependent initialisation has run (or was switched off), else 0; [1, 1], not trained. */
    public static final String INITIALIZED = "initialized";

    private boolean dataDependentInit = true;

    private ActNorm(Builder builder) {
        super(builder);
        this.dataDependentInit = builder.dataDependentInit;
        validate(-1);
    }

    @Override
    protected String whySquare() {
        return "ActNorm maps each feature to itself";
    }

    @Override
    protected void validateLayer(int layerIndex) {
        if (getActivationFn() != null && !(getActivationFn() instanceof ActivationIdentity)) {
            throw new FlowConfigurationException(describe(layerIndex) + ": ActNorm has no activation, got "
                    + getActivationFn() + "; follow it with an InvertibleDenseLayer for a non-linearity.");
        }
    }

    @Override
    protected org.deeplearning4j.nn.layers.BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new ActNormImpl(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return Parameters.INSTANCE;
    }

    /**
     * The initialisation flag is state, not a trained parameter: its gradient is 0 and its updater scales whatever
     * arrives by 0, so no update ever moves it.
     */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return INITIALIZED.equals(paramName) ? new Sgd(0.0) : super.getUpdaterByParam(paramName);
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long numParams = initializer().numParams(this);
        long updaterStateSize = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(layerName, ActNorm.class, inputType, inputType)
                .standardMemory(numParams, updaterStateSize)
                .workingMemory(0, 0, 0, 2 * inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /**
     * Parameters of an ActNorm layer, one after the other: logScale [1, D] and shift [1, D], starting at 0 (the
     * identity map), and the flag initialized [1, 1], starting at 0 (at 1 if data-dependent initialisation is off).
     */
    public static final class Parameters implements ParamInitializer {
        static final Parameters INSTANCE = new Parameters();

        private Parameters() {
        }

        private static long d(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return ((ActNorm) layer).getNIn();
        }

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return 2 * d(layer) + 1;
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(LOG_SCALE, SHIFT, INITIALIZED);
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(LOG_SCALE);
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(SHIFT);
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return LOG_SCALE.equals(key);
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return SHIFT.equals(key);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView,
                boolean initializeParams) {
            Map<String, INDArray> views = split(conf.getLayer(), paramsView);
            if (initializeParams) {
                views.get(LOG_SCALE).assign(0.0);
                views.get(SHIFT).assign(0.0);
                views.get(INITIALIZED).assign(((ActNorm) conf.getLayer()).isDataDependentInit() ? 0.0 : 1.0);
            }
            return views;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return split(conf.getLayer(), gradientView);
        }

        private static Map<String, INDArray> split(org.deeplearning4j.nn.conf.layers.Layer layer, INDArray flat) {
            long d = d(layer);
            if (flat.length() != 2 * d + 1) {
                throw new IllegalStateException("Expected a parameter view of length " + (2 * d + 1) + ", got "
                        + flat.length());
            }
            INDArray v = flat.reshape(flat.length());
            Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
            out.put(LOG_SCALE, v.get(NDArrayIndex.interval(0, d)).reshape(1, d));
            out.put(SHIFT, v.get(NDArrayIndex.interval(d, 2 * d)).reshape(1, d));
            out.put(INITIALIZED, v.get(NDArrayIndex.interval(2 * d, 2 * d + 1)).reshape(1, 1));
            return out;
        }
    }

    /** Builder in DL4J style; data-dependent initialisation is on by default. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private boolean dataDependentInit = true;

        public Builder() {
            // set here, not left null, so that a network-wide activation is never copied in
            this.activationFn = new ActivationIdentity();
        }

        /** Width D of the layer: sets both nIn and nOut. */
        public Builder units(int d) {
            this.nIn = d;
            this.nOut = d;
            return this;
        }

        /**
         * Whether the first training batch sets ℓ and t so that it comes out with mean 0 and variance 1 per feature
         * (default true); false starts from, and trains from, the identity map.
         */
        public Builder dataDependentInit(boolean enabled) {
            this.dataDependentInit = enabled;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ActNorm build() {
            return new ActNorm(this);
        }
    }
}
