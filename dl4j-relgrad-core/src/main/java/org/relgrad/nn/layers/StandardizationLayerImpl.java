package org.relgrad.nn.layers;

import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.nn.conf.layers.StandardizationLayer;

import java.util.Arrays;

/** DL4J runtime of {@link StandardizationLayer}: z = (x − mean) / scale, log|det| = −Σ log scale per example. */
public class StandardizationLayerImpl extends AbstractLayer<StandardizationLayer> implements BijectiveLayer,
        InputGradientOptional {

    private boolean inputGradientNeeded = true;

    // the statistics as [1, D] rows of the network's data type, made once (plain arrays would be rebuilt per call)
    private INDArray meanRow;
    private INDArray inverseScaleRow;

    public StandardizationLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private void ensureRows() {
        if (meanRow == null) {
            StandardizationLayer c = layerConf();
            // outside DL4J's workspaces: these rows outlive the iteration that first needs them
            try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                meanRow = Nd4j.createFromArray(c.getMean()).castTo(dataType).reshape(1, c.size());
                inverseScaleRow = Nd4j.createFromArray(c.getScale()).rdivi(1.0).castTo(dataType).reshape(1,
                        c.size());
            }
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input.castTo(dataType);
        if (x.rank() != 2 || x.columns() != layerConf().size()) {
            throw new DL4JInvalidInputException("Input of shape " + Arrays.toString(x.shape()) + " does not fit "
                    + layerId() + ", which expects [batch, " + layerConf().size() + "]");
        }
        ensureRows();
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        return z.assign(x).subiRowVector(meanRow).muliRowVector(inverseScaleRow);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (!inputGradientNeeded) {
            return new Pair<>(new DefaultGradient(), null);
        }
        ensureRows();
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, epsilon.shape(), 'c');
        epsNext.assign(epsilon.castTo(dataType)).muliRowVector(inverseScaleRow);
        return new Pair<>(new DefaultGradient(), epsNext);
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        inputGradientNeeded = needed;
    }

    /** Σ log scale per example: this layer's share of the negative log-likelihood, exact and constant. */
    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return sumLogScale();
    }

    @Override
    public double negativeMeanLogDet() {
        return sumLogScale();
    }

    private double sumLogScale() {
        double s = 0;
        for (double v : layerConf().getScale()) {
            s += Math.log(v);
        }
        return s;
    }

    @Override
    public long size() {
        return layerConf().size();
    }

    @Override
    public Bijection bijection() {
        StandardizationLayer c = layerConf();
        INDArray mean = Nd4j.createFromArray(c.getMean()).reshape(1, c.size());
        INDArray scale = Nd4j.createFromArray(c.getScale()).reshape(1, c.size());
        double logDet = -sumLogScale();
        return new Bijection() {
            @Override
            public INDArray forward(INDArray x, INDArray logDetOut) {
                if (logDetOut != null) {
                    logDetOut.addi(logDet);
                }
                return x.subRowVector(mean).diviRowVector(scale);
            }

            @Override
            public INDArray inverse(INDArray z) {
                return z.mulRowVector(scale).addiRowVector(mean);
            }
        };
    }

    /** Always invertible: its statistics are fixed and were checked (finite, positive scales) when it was built. */
    @Override
    public InvertibilityReport checkInvertibility(double minReciprocalCondition) {
        return InvertibilityReport.invertible();
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weights
    }

    @Override
    public INDArray params() {
        return null;
    }
}
