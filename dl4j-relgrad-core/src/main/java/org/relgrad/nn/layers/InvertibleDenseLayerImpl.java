package org.relgrad.nn.layers;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.activations.ActivationKernel;
import org.relgrad.activations.InvertibleActivation;
import org.relgrad.cpu.FusedPath;
import org.relgrad.cpu.HostMemory;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.linalg.LuFactors;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.math.InvertibleDenseKernel;
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
 *
 * <p>Two implementations of the same math: on ND4J's CPU backend, relative-gradient layers take the fused kernels of
 * {@link InvertibleDenseKernel} (BLAS into preallocated arrays, one element-wise pass each way; the pre-activation
 * and σ-cache then live in arrays this layer owns, outside DL4J's workspaces); any other backend, other gradient
 * modes, or {@link FusedPath#setEnabled(boolean) FusedPath off} take the ND4J-op path. The gradients written are batch
 * means (see {@link #updaterDivideByMinibatch}).
 */
public class InvertibleDenseLayerImpl extends BaseFlowLayer<InvertibleDenseLayer> implements
        InputGradientOptional {

    private double lastMeanActivationLogDet;
    private boolean lastForwardWasTraining;
    private INDArray cachedPreActivation;
    private INDArray cachedForInput;
    private boolean inputGradientNeeded = true;
    // the W whose log|det| is logDetValue (a detached copy), see logAbsDetW
    private INDArray logDetOfW;
    private double logDetValue;
    /** Fused path: arrays owned by this layer, reused while the batch size and data type stay the same. */
    private FusedBuffers fused;

    public InvertibleDenseLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        org.relgrad.util.NativeThreads.applyFlowDefaultsOnce();
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
        INDArray x = checkedInput();
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {x.rows(),
                w.columns()}, 'c');
        return InvertibleDenseMath.preActivation(x, w, getParam(DefaultParamInitializer.BIAS_KEY), y);
    }

    /** The activation's scalar kernel if this layer takes the fused path for the current input, else null. */
    private ActivationKernel fusedKernel() {
        if (!FusedPath.enabled() || layerConf().getGradientMode() != GradientMode.RELATIVE) {
            return null;
        }
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray gw = gradientViews == null ? null : gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        // element-wise passes use NIO buffers, which hold at most 2 GiB: larger batches take the plain path
        boolean fits = input == null || input.length() < (1L << 28);
        if (!fits || !HostMemory.isDense(w) || w.dataType() != dataType || (gw != null && (!HostMemory.isDense(gw)
                || gw.ordering() != w.ordering()))) {
            return null;
        }
        return activation().kernel();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        org.relgrad.util.NativeThreads.applyToCurrentThread();
        ActivationKernel kernel = fusedKernel();
        if (kernel != null) {
            return activateFused(kernel, training, workspaceMgr);
        }
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

    /** The input in this layer's data type, checked against W. */
    private INDArray checkedInput() {
        INDArray x = input.castTo(dataType);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (x.rank() != 2 || x.columns() != w.rows()) {
            throw new DL4JInvalidInputException("Input of shape " + Arrays.toString(x.shape()) + " does not fit "
                    + layerId() + ", which expects [batch, " + w.rows() + "]");
        }
        return x;
    }

    /** The checked input, dense in c order as the fused kernels need it. */
    private INDArray fusedInput() {
        INDArray x = checkedInput();
        return HostMemory.isDenseC(x) ? x : x.dup('c');
    }

    private INDArray activateFused(ActivationKernel kernel, boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray x = fusedInput();
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray b = getParam(DefaultParamInitializer.BIAS_KEY);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {x.rows(),
                w.columns()}, 'c');
        double logSum;
        if (training) {
            fused = FusedBuffers.reuseOrCreate(fused, dataType, x.rows(), w.columns());
            logSum = InvertibleDenseKernel.forward(kernel, x, w, b, fused.y, z, fused.aux, fused.c);
            cachedForInput = input;
        } else {
            cachedForInput = null;
            logSum = InvertibleDenseKernel.forward(kernel, x, w, b, z, z, null, null);
        }
        cachedPreActivation = null;
        if (Double.isNaN(logSum)) {
            cachedForInput = null;
            diagnoseNonFinite();
        }
        lastMeanActivationLogDet = activation().isIdentity() ? 0.0 : logSum / x.rows();
        lastForwardWasTraining = training;
        return z;
    }

    private Pair<Gradient, INDArray> backpropFused(ActivationKernel kernel, INDArray epsilon,
            LayerWorkspaceMgr workspaceMgr) {
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray b = getParam(DefaultParamInitializer.BIAS_KEY);
        if (fused == null || cachedForInput != input || !fused.fits(dataType, input.rows())) {
            INDArray x = fusedInput();
            fused = FusedBuffers.reuseOrCreate(fused, dataType, x.rows(), w.columns());
            InvertibleDenseKernel.forward(kernel, x, w, b, fused.y, fused.z(), fused.aux, fused.c);
            cachedForInput = input;
        }
        INDArray eps = epsilon.castTo(dataType);
        if (!HostMemory.isDenseC(eps)) {
            eps = eps.dup('c');
        }
        INDArray epsNext = inputGradientNeeded
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c') : null;
        INDArray gradW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray gradB = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        InvertibleDenseKernel.backward(kernel, eps, fused.aux, fused.y, w, b, layerConf().isBiasInLogDetTerm(),
                fused.delta, epsNext, fused.u, fused.c, gradW, gradB);
        Gradient ret = new DefaultGradient();
        ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, gradB);
        ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradW);
        return new Pair<>(ret, epsNext);
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        inputGradientNeeded = needed;
    }

    /**
     * False for W and b: this layer writes batch means itself (the fused path scales its BLAS calls by 1/B for free),
     * which spares DL4J's updater a pass over every gradient.
     */
    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return false;
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

    /** The fused path's arrays for one batch size: pre-activation, σ-cache, δ, yWᵀ (detached) and 1 + ybᵀ. */
    private static final class FusedBuffers {
        final DataType type;
        final long batch;
        final INDArray y;
        final INDArray aux;
        final INDArray delta;
        final INDArray u;
        final double[] c;
        private INDArray z;

        private FusedBuffers(DataType type, long batch, long d) {
            this.type = type;
            this.batch = batch;
            long[] shape = {batch, d};
            y = Nd4j.createUninitializedDetached(type, shape);
            aux = Nd4j.createUninitializedDetached(type, shape);
            delta = Nd4j.createUninitializedDetached(type, shape);
            u = Nd4j.createUninitializedDetached(type, shape);
            c = new double[(int) batch];
        }

        static FusedBuffers reuseOrCreate(FusedBuffers old, DataType type, long batch, long d) {
            return old != null && old.fits(type, batch) ? old : new FusedBuffers(type, batch, d);
        }

        boolean fits(DataType t, long b) {
            return type == t && batch == b;
        }

        /** Output of a forward pass whose result nobody reads (recomputing the caches for backprop). */
        INDArray z() {
            if (z == null) {
                z = Nd4j.createUninitializedDetached(type, y.shape());
            }
            return z;
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        ActivationKernel kernel = fusedKernel();
        if (kernel != null) {
            return backpropFused(kernel, epsilon, workspaceMgr);
        }
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
        gradW.divi(x.rows());
        gradB.divi(x.rows());
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

    /**
     * log|det W| by LU (O(D³)), reused while W holds the same values (evaluation batches, frozen layers); throws
     * {@link SingularWeightsException} naming this layer if W is singular.
     */
    public double logAbsDetW() {
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (logDetOfW != null && logDetOfW.dataType() == w.dataType() && logDetOfW.equalShapes(w)
                && !w.neq(logDetOfW).any()) {
            return logDetValue;
        }
        double value = factorizeW().logAbsDet();
        logDetOfW = w.dup().detach();
        logDetValue = value;
        return value;
    }

    @Override
    public double negativeMeanLogDet() {
        return -lastMeanActivationLogDet - logAbsDetW();
    }

    @Override
    public long size() {
        return getParam(DefaultParamInitializer.WEIGHT_KEY).rows();
    }

    @Override
    public Bijection bijection() {
        return new DenseBijection(this);
    }

    /** Finite W and b, an LU of W without zero pivots, and 1/κ₁(W) ≥ {@code minReciprocalCondition}; O(D³). */
    @Override
    public InvertibilityReport checkInvertibility(double minReciprocalCondition) {
        if (!FiniteChecks.allFinite(params())) {
            return InvertibilityReport.notInvertible(singular("parameters hold NaN or infinity").getMessage());
        }
        LuFactors lu = InvertibleDenseMath.lu(getParam(DefaultParamInitializer.WEIGHT_KEY));
        if (lu.isSingular()) {
            return InvertibilityReport.notInvertible(singular("an exact zero or non-finite pivot in its LU "
                    + "factorisation").getMessage());
        }
        double rcond = lu.reciprocalCondition();
        if (rcond < minReciprocalCondition) {
            return InvertibilityReport.notInvertible(singular(String.format(java.util.Locale.ROOT, "nearly singular: "
                    + "reciprocal condition number %.3g < %.3g", rcond, minReciprocalCondition)).getMessage());
        }
        return InvertibilityReport.invertible(lu.signOfDet(), "W", rcond);
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

}
