package org.relgrad.nn.layers;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.relgrad.nn.conf.layers.ActNorm;
import org.relgrad.nn.math.ActNormMath;

import java.util.Arrays;
import java.util.Locale;

/**
 * DL4J runtime of {@link ActNorm}: forward pass (with the data-dependent initialisation on the first training batch),
 * backprop of the likelihood including its Jacobian term −Σℓ per example, that term in the score, and the flow
 * contract ({@link BijectiveLayer}). The formulas live in {@link ActNormMath}.
 */
public class ActNormImpl extends BaseFlowLayer<ActNorm> implements InputGradientOptional {

    private boolean inputGradientNeeded = true;

    public ActNormImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private INDArray logScale() {
        return getParam(ActNorm.LOG_SCALE);
    }

    private INDArray shift() {
        return getParam(ActNorm.SHIFT);
    }

    /** True once the data-dependent initialisation has run (or was switched off); stored as a parameter. */
    public boolean isInitialized() {
        return getParam(ActNorm.INITIALIZED).getDouble(0) > 0.5;
    }

    private INDArray checkedInput() {
        INDArray x = input.castTo(dataType);
        if (x.rank() != 2 || x.columns() != size()) {
            throw new DL4JInvalidInputException("Input of shape " + Arrays.toString(x.shape()) + " does not fit "
                    + layerId() + ", which expects [batch, " + size() + "]");
        }
        return x;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = checkedInput();
        if (training && !isInitialized()) {
            if (!FiniteChecks.allFinite(x)) {
                throw nonFiniteInput();
            }
            ActNormMath.initialise(x, logScale(), shift());
            getParam(ActNorm.INITIALIZED).assign(1.0);
        }
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        ActNormMath.forward(x, logScale(), shift(), z);
        // any NaN/inf in x, ℓ or t reaches z, so one O(B·D) sum guards them all
        if (!FiniteChecks.allFinite(z)) {
            if (!FiniteChecks.allFinite(x)) {
                throw nonFiniteInput();
            }
            throw new SingularWeightsException(lost(FiniteChecks.allFinite(params()) ? "its output overflows"
                    : "parameters hold NaN or infinity"));
        }
        return z;
    }

    private NonFiniteInputException nonFiniteInput() {
        return new NonFiniteInputException("Input to " + layerId() + " is not finite (" + FiniteChecks
                .firstNonFinite(input) + "). Remove or impute NaN/infinite values; no parameter was changed.");
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = checkedInput();
        INDArray eps = epsilon.castTo(dataType);
        INDArray epsNext = inputGradientNeeded
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c') : null;
        INDArray gradLogScale = gradientViews.get(ActNorm.LOG_SCALE);
        INDArray gradShift = gradientViews.get(ActNorm.SHIFT);
        INDArray gradFlag = gradientViews.get(ActNorm.INITIALIZED);
        ActNormMath.backward(x, logScale(), eps, epsNext, gradLogScale, gradShift);
        gradFlag.assign(0.0);
        Gradient ret = new DefaultGradient();
        ret.gradientForVariable().put(ActNorm.LOG_SCALE, gradLogScale);
        ret.gradientForVariable().put(ActNorm.SHIFT, gradShift);
        ret.gradientForVariable().put(ActNorm.INITIALIZED, gradFlag);
        return new Pair<>(ret, epsNext);
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        inputGradientNeeded = needed;
    }

    /** Regularisation plus this layer's Jacobian term per example, −Σℓ: DL4J adds it to the output layer's score. */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return super.calcRegularizationScore(backpropParamsOnly) - ActNormMath.logAbsDet(logScale());
    }

    @Override
    public double negativeMeanLogDet() {
        return -ActNormMath.logAbsDet(logScale());
    }

    @Override
    public long size() {
        return layerConf().getNIn();
    }

    @Override
    public Bijection bijection() {
        INDArray l = logScale().castTo(DataType.DOUBLE).dup();
        INDArray t = shift().castTo(DataType.DOUBLE).dup();
        double logDet = ActNormMath.logAbsDet(l);
        return new Bijection() {
            @Override
            public INDArray forward(INDArray x, INDArray logDetOut) {
                if (logDetOut != null) {
                    logDetOut.addi(logDet);
                }
                return ActNormMath.forward(x, l, t, x.ulike());
            }

            @Override
            public INDArray inverse(INDArray z) {
                return ActNormMath.inverse(z, l, t);
            }
        };
    }

    /**
     * Finite parameters whose scales e^ℓ neither overflow nor underflow in the network's data type. The map is
     * element-wise with a positive determinant, so there is no condition number to bound and no sign to track.
     */
    @Override
    public InvertibilityReport checkInvertibility(double minReciprocalCondition) {
        if (!FiniteChecks.allFinite(params())) {
            return InvertibilityReport.notInvertible(lost("parameters hold NaN or infinity"));
        }
        INDArray scale = Transforms.exp(logScale(), true);
        double min = scale.minNumber().doubleValue();
        double max = scale.maxNumber().doubleValue();
        if (!(min > 0) || !Double.isFinite(max)) {
            return InvertibilityReport.notInvertible(lost(String.format(Locale.ROOT, "scale e^logScale leaves the "
                    + "range of %s: logScale runs from %.4g to %.4g", dataType, logScale().minNumber().doubleValue(),
                    logScale().maxNumber().doubleValue())));
        }
        return InvertibilityReport.invertible();
    }

    private String lost(String why) {
        return "Scales of ActNorm " + layerId() + " are not usable (" + why + ") at iteration " + getIterationCount()
                + ": the network is no longer invertible. Lower the learning rate, or restart from the last good "
                + "checkpoint.";
    }

}
