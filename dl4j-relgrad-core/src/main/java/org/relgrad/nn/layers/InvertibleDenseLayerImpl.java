package org.relgrad.nn.layers;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.activations.InvertibleActivation;
import org.relgrad.linalg.LuFactors;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.math.InvertibleDenseMath;

import java.util.Arrays;

/**
 * DL4J runtime of {@link InvertibleDenseLayer}: forward pass, backprop of the likelihood including its Jacobian terms,
 * and the Jacobian terms of the score. The formulas live in {@link InvertibleDenseMath}.
 *
 * <p>Between calls it keeps plain numbers (the mean activation log-det of the last forward pass, and whether it was a
 * training pass) and, from a training forward pass to the backprop that follows it, the pre-activation y: it lives in
 * the ACTIVATIONS workspace beside the layer's input, which DL4J keeps open for the whole iteration, and it is used
 * only while {@code input} is still the array it was computed from. That saves one B×D×D product per layer and step.
 */
public class InvertibleDenseLayerImpl extends BaseLayer<InvertibleDenseLayer> implements BijectiveLayer {

    private double lastMeanActivationLogDet;
    private boolean lastForwardWasTraining;
    private INDArray cachedPreActivation;
    private INDArray cachedForInput;

    public InvertibleDenseLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private InvertibleActivation activation() {
        return layerConf().invertibleActivation();
    }

    /**
     * y = xW + b into the ACTIVATIONS workspace. Replaces BaseLayer.preOutput, whose {@code mmuli} runs at a fraction
     * of the BLAS rate that {@code Nd4j.gemm} into a preallocated array reaches (dropout, masks and layer norm, which
     * preOutput also handles, are not allowed on this layer).
     */
    private INDArray preActivation(LayerWorkspaceMgr workspaceMgr) {
        INDArray x = input.castTo(dataType);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (x.rank() != 2 || x.columns() != w.rows()) {
            throw new DL4JInvalidInputException("Input of shape " + Arrays.toString(x.shape()) + " does not fit " + layerId() + ", which expects [batch, "
                    + w.rows() + "]");
        }
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {x.rows(),
                w.columns()}, 'c');
        return InvertibleDenseMath.preActivation(x, w, getParam(DefaultParamInitializer.BIAS_KEY), y);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray y = preActivation(workspaceMgr);
        InvertibleActivation act = activation();
        // any NaN/inf in x, W or b reaches y (NaN·0 and inf·0 are NaN), so one O(B·D) sum guards them all
        if (!Double.isFinite(y.sumNumber().doubleValue())) {
            diagnoseNonFinite();
        }
        // log σ'(y) must be taken before σ is applied: DL4J activations, and ours, work in place
        lastMeanActivationLogDet = act.isIdentity() ? 0.0 : act.logDerivative(y).sumNumber().doubleValue() / y.rows();
        lastForwardWasTraining = training;
        if (!training) {
            cachedPreActivation = null;
            cachedForInput = null;
            return act.applyInPlace(y);
        }
        cachedPreActivation = y;
        cachedForInput = input;
        return act.apply(y, workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, y.shape(), 'c'));
    }

    private INDArray preActivationForBackprop(LayerWorkspaceMgr workspaceMgr) {
        if (cachedPreActivation != null && cachedForInput == input) {
            return cachedPreActivation;
        }
        return preActivation(workspaceMgr);
    }

    @Override
    public void clear() {
        super.clear();
        cachedPreActivation = null;
        cachedForInput = null;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = input.castTo(dataType);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray b = getParam(DefaultParamInitializer.BIAS_KEY);
        INDArray y = preActivationForBackprop(workspaceMgr);
        InvertibleDenseLayer c = layerConf();
        INDArray delta = InvertibleDenseMath.delta(activation(), y, epsilon.castTo(dataType));

        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        Nd4j.gemm(delta, w, epsNext, false, true, 1.0, 0.0);

        INDArray gradW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray gradB = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        try {
            InvertibleDenseMath.parameterDirection(c.getGradientMode(), c.isBiasInLogDetTerm(), x, y, delta, epsNext,
                    w, b, gradW, gradB);
        } catch (ArithmeticException e) {
            throw singular("its inverse is needed by the Euclidean gradient");
        }
        Gradient ret = new DefaultGradient();
        ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, gradB);
        ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradW);
        return new Pair<>(ret, epsNext);
    }

    /**
     * Regularisation plus this layer's Jacobian terms, per example: −mean Σ log|σ'(y)| − log|det W|. DL4J adds this to
     * the output layer's score, so listeners and early stopping see the negative log-likelihood. In a training pass
     * −log|det W| is included only if the configuration asks for it (it costs an LU).
     */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        double score = super.calcRegularizationScore(backpropParamsOnly) - lastMeanActivationLogDet;
        if (!lastForwardWasTraining || layerConf().isLogDetInTrainingScore()) {
            score -= logAbsDetW();
        }
        return score;
    }

    /** LU of W (O(D³)); throws {@link SingularWeightsException} naming this layer if W is singular. */
    public LuFactors factorizeW() {
        LuFactors lu = InvertibleDenseMath.lu(getParam(DefaultParamInitializer.WEIGHT_KEY));
        if (lu.isSingular()) {
            throw singular("an exact zero or non-finite pivot in its LU factorisation");
        }
        return lu;
    }

    /** log|det W| by LU (O(D³)); throws {@link SingularWeightsException} naming this layer if W is singular. */
    public double logAbsDetW() {
        return factorizeW().logAbsDet();
    }

    @Override
    public long size() {
        return getParam(DefaultParamInitializer.WEIGHT_KEY).rows();
    }

    @Override
    public Bijection bijection() {
        return new DenseBijection(this);
    }

    /**
     * The error for this layer's W no longer being usable as an invertible map ({@code why} says how), naming the
     * layer and the iteration, for guards outside this class.
     */
    public SingularWeightsException invertibilityLost(String why) {
        return singular(why);
    }

    SingularWeightsException singular(String why) {
        return new SingularWeightsException("Weight matrix W of " + layerId() + " is singular or not finite (" + why
                + ") at iteration " + getIterationCount() + ": the network is no longer invertible. Lower the "
                + "learning rate, or restart from the last good checkpoint.");
    }

    private void diagnoseNonFinite() {
        if (!FiniteChecks.allFinite(input)) {
            throw new NonFiniteInputException("Input to " + layerId() + " is not finite (" + FiniteChecks
                    .firstNonFinite(input) + "). Remove or impute NaN/infinite values; no parameter was changed.");
        }
        if (!FiniteChecks.allFinite(params())) {
            throw singular("parameters hold NaN or infinity");
        }
        throw new NonFiniteInputException("Pre-activations of " + layerId() + " overflow: the input or the weights "
                + "are too large for the data type. Standardise the data or lower the learning rate.");
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
