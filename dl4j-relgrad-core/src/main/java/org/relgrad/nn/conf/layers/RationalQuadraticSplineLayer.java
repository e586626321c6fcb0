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
import org.relgrad.nn.layers.RationalQuadraticSplineLayerImpl;
import org.relgrad.nn.math.RationalQuadraticSplineMath;
import org.relgrad.nn.params.RationalQuadraticSplineParamInitializer;

/**
 * A learnable invertible element-wise layer: one monotone rational-quadratic spline per unit (Neural Spline Flows,
 * Durkan et al. 2019) on [−B, B] with K bins, and the identity outside, so the map is a bijection of R with a
 * closed-form inverse and log-derivative. Its parameters (per unit: K bin widths, K bin heights, K−1 interior knot
 * derivatives; see {@link RationalQuadraticSplineParamInitializer}) start at 0, the identity map, and take ordinary
 * gradients; the layer's log|det| (per example the sum of log dy/dx over the units) is part of the score and the
 * gradient. Put it after an {@link InvertibleDenseLayer} with an identity activation (the spline then is the
 * activation) or after one with a fixed activation. The math is in {@link RationalQuadraticSplineMath}.
 *
 * <p>nIn equals nOut (set either, or {@link Builder#units(int)}); it has no activation of its own, and dropout and
 * weight noise are rejected since they break the exact likelihood.
 */
@Data
@NoArgsConstructor
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public class RationalQuadraticSplineLayer extends SquareFlowLayer {
    /** Default number of bins K. */
    public static final int DEFAULT_BINS = 8;
    /** Default tail bound B: the splines act on [−B, B], the identity outside. */
    public static final double DEFAULT_TAIL_BOUND = 5.0;
    /** Largest number of bins accepted. */
    public static final int MAX_BINS = 256;

    private int nBins = DEFAULT_BINS;
    private double tailBound = DEFAULT_TAIL_BOUND;
    private double minBinSize = RationalQuadraticSplineMath.DEFAULT_MIN_BIN_SIZE;
    private double minDerivative = RationalQuadraticSplineMath.DEFAULT_MIN_DERIVATIVE;

    private RationalQuadraticSplineLayer(Builder builder) {
        super(builder);
        this.nBins = builder.nBins;
        this.tailBound = builder.tailBound;
        this.minBinSize = builder.minBinSize;
        this.minDerivative = builder.minDerivative;
        validate(-1);
    }

    @Override
    protected String whySquare() {
        return "A spline layer maps each unit to itself";
    }

    @Override
    protected void validateLayer(int layerIndex) {
        if (getActivationFn() != null && !(getActivationFn() instanceof ActivationIdentity)) {
            throw new FlowConfigurationException(describe(layerIndex) + ": a spline layer has no activation, got "
                    + getActivationFn() + "; the spline is the non-linearity.");
        }
        if (nBins < 2 || nBins > MAX_BINS) {
            throw new FlowConfigurationException(describe(layerIndex) + ": the number of bins must be between 2 and "
                    + MAX_BINS + ", got " + nBins + ".");
        }
        if (!(tailBound > 0) || !Double.isFinite(tailBound)) {
            throw new FlowConfigurationException(describe(layerIndex) + ": the tail bound must be a positive finite "
                    + "number, got " + tailBound + ".");
        }
        if (!(minBinSize > 0 && minBinSize * nBins < 1)) {
            throw new FlowConfigurationException(describe(layerIndex) + ": the minimum bin size (a share of 2B) "
                    + "must lie in (0, 1/" + nBins + ") for " + nBins + " bins, got " + minBinSize + ".");
        }
        if (!(minDerivative > 0 && minDerivative < 1)) {
            throw new FlowConfigurationException(describe(layerIndex) + ": the minimum knot derivative must lie in "
                    + "(0, 1), got " + minDerivative + ".");
        }
    }

    @Override
    protected org.deeplearning4j.nn.layers.BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new RationalQuadraticSplineLayerImpl(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return RationalQuadraticSplineParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long numParams = initializer().numParams(this);
        long updaterStateSize = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(layerName, RationalQuadraticSplineLayer.class, inputType, inputType)
                .standardMemory(numParams, updaterStateSize)
                .workingMemory(0, 0, 0, 2 * inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Builder in DL4J style: K = 8 bins, tail bound B = 5, minimum bin size 1e-3 and knot derivative 1e-3. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int nBins = DEFAULT_BINS;
        private double tailBound = DEFAULT_TAIL_BOUND;
        private double minBinSize = RationalQuadraticSplineMath.DEFAULT_MIN_BIN_SIZE;
        private double minDerivative = RationalQuadraticSplineMath.DEFAULT_MIN_DERIVATIVE;

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

        /** Number of bins K of every spline, 2 to 256 (default 8). */
        public Builder nBins(int k) {
            this.nBins = k;
            return this;
        }

        /** Tail bound B > 0: the splines act on [−B, B] and are the identity outside (default 5). */
        public Builder tailBound(double b) {
            this.tailBound = b;
            return this;
        }

        /** Smallest width and height of a bin, as a share of 2B, in (0, 1/K) (default 1e-3). */
        public Builder minBinSize(double m) {
            this.minBinSize = m;
            return this;
        }

        /** Smallest derivative at an interior knot, in (0, 1) (default 1e-3). */
        public Builder minDerivative(double m) {
            this.minDerivative = m;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public RationalQuadraticSplineLayer build() {
            return new RationalQuadraticSplineLayer(this);
        }
    }
}
