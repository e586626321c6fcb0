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
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.activations.InvertibleActivation;
import org.relgrad.activations.InvertibleActivations;
import org.relgrad.nn.layers.InvertibleDenseLayerImpl;
import org.relgrad.nn.weights.WeightInitOrthogonal;


/**
 * An invertible square fully connected layer z = σ(xW + b) whose log-Jacobian terms enter the network's score and
 * gradient, so a network of these layers ending in a {@link DensityOutputLayer} is trained by exact maximum likelihood.
 *
 * <p>nIn must equal nOut (set either, or {@link Builder#units(int)}); the activation must be a bijection of R
 * (smooth leaky ReLU by default); dropout and weight noise are rejected since they break exact likelihood. Weights
 * start orthogonal (log|det W| = 0). See {@link GradientMode} for the descent directions.
 */
@Data
@NoArgsConstructor
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public class InvertibleDenseLayer extends SquareFlowLayer {

    private GradientMode gradientMode = GradientMode.RELATIVE;
    private boolean biasInLogDetTerm = true;
    private boolean logDetInTrainingScore = false;

    private InvertibleDenseLayer(Builder builder) {
        super(builder);
        this.gradientMode = builder.gradientMode;
        this.biasInLogDetTerm = builder.biasInLogDetTerm;
        this.logDetInTrainingScore = builder.logDetInTrainingScore;
        validate(-1);
        initializeConstraints(builder);
    }

    /** The invertible math of this layer's activation. */
    public InvertibleActivation invertibleActivation() {
        return InvertibleActivations.of(getActivationFn()).orElseThrow(() -> new FlowConfigurationException(
                describe(-1) + ": activation " + getActivationFn() + " is not invertible on R. Use "
                        + InvertibleActivations.SUPPORTED + "."));
    }

    @Override
    protected String whySquare() {
        return "An invertible dense layer is square";
    }

    @Override
    protected void validateLayer(int layerIndex) {
        if (getActivationFn() != null) {
            invertibleActivation();
        }
        if (gradientMode == null) {
            throw new FlowConfigurationException(describe(layerIndex) + ": gradientMode must not be null");
        }
    }

    @Override
    protected org.deeplearning4j.nn.layers.BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new InvertibleDenseLayerImpl(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        long updaterStateSize = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        // backprop keeps the pre-activation, δ and one B×D product alive beside the activations
        long perExample = 3 * outputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, InvertibleDenseLayer.class, inputType, outputType)
                .standardMemory(numParams, updaterStateSize)
                .workingMemory(0, 0, 0, perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Builder in DL4J style; defaults: smooth leaky ReLU (α = 0.01), orthogonal weights, {@link GradientMode#RELATIVE}. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private GradientMode gradientMode = GradientMode.RELATIVE;
        private boolean biasInLogDetTerm = true;
        private boolean logDetInTrainingScore = false;

        public Builder() {
            // set here, not left null, so that the network-wide defaults (sigmoid, Xavier) are never copied in
            this.activationFn = new ActivationSmoothLeakyReLU();
            this.weightInitFn = new WeightInitOrthogonal();
        }

        /** Width D of the layer: sets both nIn and nOut. */
        public Builder units(int d) {
            this.nIn = d;
            this.nOut = d;
            return this;
        }

        /** Descent direction handed to the updater; default {@link GradientMode#RELATIVE}. */
        public Builder gradientMode(GradientMode mode) {
            this.gradientMode = mode;
            return this;
        }

        /**
         * Whether the relative gradient of the −log|det W| term moves the bias too (−B·b, default: the consistent form
         * on the augmented matrix). {@code false} reproduces the authors' code, which subtracts W only; on un-centred
         * data that variant can stall far from the optimum.
         */
        public Builder biasInLogDetTerm(boolean include) {
            this.biasInLogDetTerm = include;
            return this;
        }

        /**
         * Whether the score DL4J reports during {@code fit} includes −log|det W| (an O(D³) LU every iteration).
         * Default {@code false}: the training score leaves it out, so relative training stays O(B·D²) per step.
         * Scores outside training ({@code score(DataSet)}, early stopping, evaluation) always include it.
         */
        public Builder logDetInTrainingScore(boolean include) {
            this.logDetInTrainingScore = include;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public InvertibleDenseLayer build() {
            return new InvertibleDenseLayer(this);
        }
    }
}
