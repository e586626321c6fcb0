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
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.nn.conf.layers.RationalQuadraticSplineLayer;
import org.relgrad.nn.math.RationalQuadraticSplineMath;
import org.relgrad.nn.math.RationalQuadraticSplineMath.Splines;

import java.util.Arrays;

import static org.relgrad.nn.params.RationalQuadraticSplineParamInitializer.DERIVATIVES;
import static org.relgrad.nn.params.RationalQuadraticSplineParamInitializer.HEIGHTS;
import static org.relgrad.nn.params.RationalQuadraticSplineParamInitializer.WIDTHS;

/**
 * DL4J runtime of {@link RationalQuadraticSplineLayer}: forward pass, backprop of the likelihood including the
 * Jacobian term −Σ log dy/dx per example, that term in the score, and the flow contract ({@link BijectiveLayer}). The
 * formulas live in {@link RationalQuadraticSplineMath}; this class only moves arrays between ND4J and it.
 *
 * <p>Between calls it keeps one number, the mean log|det| of the last forward batch; backprop recomputes the bins from
 * the input (O(B·D), cheaper than caching arrays across DL4J's workspaces). Gradients are sums over the batch, which
 * DL4J's updater divides by the batch size.
 */
public class RationalQuadraticSplineLayerImpl extends BaseFlowLayer<RationalQuadraticSplineLayer> implements
        InputGradientOptional {

    private double lastMeanLogDet;
    private boolean inputGradientNeeded = true;

    public RationalQuadraticSplineLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The splines at the current parameters; throws naming this layer if a parameter is not finite. */
    private Splines splines() {
        RationalQuadraticSplineLayer c = layerConf();
        INDArray widths = getParam(WIDTHS);
        Splines s = RationalQuadraticSplineMath.splines(HostCopies.read(widths), HostCopies.read(getParam(HEIGHTS)),
                HostCopies.read(getParam(DERIVATIVES)), (int) widths.rows(), (int) widths.columns(), c.getTailBound(),
                c.getMinBinSize(), c.getMinDerivative());
        if (!RationalQuadraticSplineMath.allFinite(s)) {
            throw new SingularWeightsException(lost("parameters hold NaN or infinity"));
        }
        return s;
    }

    private INDArray checkedInput() {
        if (input.rank() != 2 || input.columns() != size()) {
            throw new DL4JInvalidInputException("Input of shape " + Arrays.toString(input.shape()) + " does not fit "
                    + layerId() + ", which expects [batch, " + size() + "]");
        }
        return input;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray in = checkedInput();
        Splines s = splines();
        int rows = (int) in.rows();
        double[] x = HostCopies.read(in);
        double sum = RationalQuadraticSplineMath.forward(s, x, rows, x, null);
        if (Double.isNaN(sum)) {
            throw new NonFiniteInputException("Input to " + layerId() + " is not finite (" + FiniteChecks
                    .firstNonFinite(input) + "). Remove or impute NaN/infinite values; no parameter was changed.");
        }
        lastMeanLogDet = rows == 0 ? 0.0 : sum / rows;
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, in.shape(), 'c');
        HostCopies.write(x, z);
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray in = checkedInput();
        Splines s = splines();
        int rows = (int) in.rows();
        double[] x = HostCopies.read(in);
        double[] eps = HostCopies.read(epsilon);
        INDArray gw = gradientViews.get(WIDTHS);
        INDArray gh = gradientViews.get(HEIGHTS);
        INDArray gd = gradientViews.get(DERIVATIVES);
        double[] gWidths = new double[(int) gw.length()];
        double[] gHeights = new double[(int) gh.length()];
        double[] gDerivatives = new double[(int) gd.length()];
        double[] epsOut = inputGradientNeeded ? eps : null; // in place: each ε is read before its slot is written
        RationalQuadraticSplineMath.backward(s, x, eps, rows, epsOut, gWidths, gHeights, gDerivatives);
        HostCopies.write(gWidths, gw);
        HostCopies.write(gHeights, gh);
        HostCopies.write(gDerivatives, gd);
        INDArray epsNext = null;
        if (inputGradientNeeded) {
            epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
            HostCopies.write(epsOut, epsNext);
        }
        Gradient ret = new DefaultGradient();
        ret.gradientForVariable().put(WIDTHS, gw);
        ret.gradientForVariable().put(HEIGHTS, gh);
        ret.gradientForVariable().put(DERIVATIVES, gd);
        return new Pair<>(ret, epsNext);
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        inputGradientNeeded = needed;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    /**
     * Regularisation plus this layer's Jacobian term per example, −mean Σ log dy/dx of the last forward batch: DL4J
     * adds it to the output layer's score.
     */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return super.calcRegularizationScore(backpropParamsOnly) - lastMeanLogDet;
    }

    @Override
    public double negativeMeanLogDet() {
        return -lastMeanLogDet;
    }

    @Override
    public long size() {
        return layerConf().getNIn();
    }

    @Override
    public Bijection bijection() {
        Splines s = splines();
        return new Bijection() {
            @Override
            public INDArray forward(INDArray x, INDArray logDet) {
                int rows = (int) x.rows();
                double[] v = HostCopies.read(x);
                double[] perRow = logDet == null ? null : new double[rows];
                RationalQuadraticSplineMath.forward(s, v, rows, v, perRow);
                if (logDet != null) {
                    logDet.addi(Nd4j.createFromArray(perRow).reshape(logDet.shape()).castTo(logDet.dataType()));
                }
                INDArray out = Nd4j.create(DataType.DOUBLE, x.shape());
                HostCopies.write(v, out);
                return out;
            }

            @Override
            public INDArray inverse(INDArray z) {
                double[] v = HostCopies.read(z);
                RationalQuadraticSplineMath.inverse(s, v, (int) z.rows(), v);
                INDArray out = Nd4j.create(DataType.DOUBLE, z.shape());
                HostCopies.write(v, out);
                return out;
            }
        };
    }

    /**
     * Finite parameters. Every finite parameter gives a strictly increasing spline (bins and knot derivatives have
     * positive minimums), so there is no condition number to bound and no sign to track.
     */
    @Override
    public InvertibilityReport checkInvertibility(double minReciprocalCondition) {
        if (!FiniteChecks.allFinite(params())) {
            return InvertibilityReport.notInvertible(lost("parameters hold NaN or infinity"));
        }
        return InvertibilityReport.invertible();
    }

    private String lost(String why) {
        return "Splines of " + layerId() + " are not usable (" + why + ") at iteration " + getIterationCount()
                + ": the network is no longer invertible. Lower the learning rate, or restart from the last good "
                + "checkpoint.";
    }
}
