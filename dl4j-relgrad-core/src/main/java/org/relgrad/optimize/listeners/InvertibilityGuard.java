package org.relgrad.optimize.listeners;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.relgrad.linalg.LuFactors;
import org.relgrad.nn.layers.FiniteChecks;
import org.relgrad.nn.layers.InvertibleDenseLayerImpl;
import org.relgrad.nn.layers.SingularWeightsException;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A training listener that stops training, with an error naming the layer and the iteration, as soon as a flow stops
 * being trustworthy: non-finite parameters or score, a weight matrix W that is numerically near-singular, or whose
 * determinant changed sign since the previous check (W then passed through a singular matrix on the way).
 *
 * <p>A check costs one LU per invertible layer (O(D³)), so it runs every {@code frequency} iterations, not every
 * step; call {@link #check(Model)} directly before saving a model. A sign change between two checks that is undone
 * before the next one cannot be seen; a near-singular W on the way usually is, by the condition-number test.
 */
public class InvertibilityGuard extends BaseTrainingListener {
    /** Default smallest reciprocal condition number of W in float networks: beyond 1e6, float solves lose all digits. */
    public static final double DEFAULT_MIN_RCOND_FLOAT = 1e-6;
    /** Default smallest reciprocal condition number of W in double networks. */
    public static final double DEFAULT_MIN_RCOND_DOUBLE = 1e-12;

    private final int frequency;
    private final double minReciprocalCondition;
    private java.util.function.Consumer<String> signChangeWarning;
    // by identity: DL4J layers hash their arrays, which may live in closed workspaces between iterations
    private final Map<Layer, Integer> signs = new IdentityHashMap<>();
    private final Map<Layer, Long> checkedAt = new IdentityHashMap<>();

    /** Checks every 100 iterations with the default condition thresholds. */
    public InvertibilityGuard() {
        this(100);
    }

    /** Checks every {@code frequency} iterations with the default condition thresholds. */
    public InvertibilityGuard(int frequency) {
        this(frequency, Double.NaN);
    }

    /**
     * @param minReciprocalCondition smallest acceptable 1/κ₁(W); NaN picks the default for the network's data type
     */
    public InvertibilityGuard(int frequency, double minReciprocalCondition) {
        if (frequency <= 0) {
            throw new IllegalArgumentException("Check frequency must be positive, got " + frequency);
        }
        this.frequency = frequency;
        this.minReciprocalCondition = minReciprocalCondition;
    }

    /**
     * Reports determinant sign changes to {@code warning} instead of stopping. Adam moves every weight by about the
     * learning rate whatever W's scale, so in wide layers its steps can jump across a singular matrix while every
     * iterate stays well conditioned (seen on MNIST, D = 784, 4 layers, Adam 1e-3); the condition-number and finiteness
     * checks still stop training.
     */
    public InvertibilityGuard warnOnSignChange(java.util.function.Consumer<String> warning) {
        this.signChangeWarning = warning;
        return this;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (iteration % frequency == 0) {
            check(model);
        }
    }

    /** Runs every check now; throws {@link SingularWeightsException} or {@link TrainingDivergedException}. */
    public void check(Model model) {
        Layer[] layers = layersOf(model);
        double score = model.score();
        long iteration = iterationOf(model);
        if (!Double.isFinite(score)) {
            throw new TrainingDivergedException("Training diverged: the score is " + score + " at iteration "
                    + iteration + ". Lower the learning rate, or restart from the last good checkpoint.");
        }
        for (Layer layer : layers) {
            if (layer instanceof InvertibleDenseLayerImpl) {
                checkLayer((InvertibleDenseLayerImpl) layer, iteration);
            }
        }
    }

    private void checkLayer(InvertibleDenseLayerImpl layer, long iteration) {
        if (!FiniteChecks.allFinite(layer.params())) {
            throw layer.invertibilityLost("parameters hold NaN or infinity");
        }
        LuFactors lu = layer.factorizeW();
        double rcond = lu.reciprocalCondition();
        double min = Double.isNaN(minReciprocalCondition)
                ? (layer.params().dataType() == DataType.DOUBLE ? DEFAULT_MIN_RCOND_DOUBLE : DEFAULT_MIN_RCOND_FLOAT)
                : minReciprocalCondition;
        if (rcond < min) {
            throw layer.invertibilityLost(String.format(Locale.ROOT, "nearly singular: reciprocal condition number "
                    + "%.3g < %.3g", rcond, min));
        }
        int sign = lu.signOfDet();
        Integer before = signs.put(layer, sign);
        Long since = checkedAt.put(layer, iteration);
        if (before != null && before != sign) {
            String why = "det W changed sign since iteration " + since + ", so W passed through a singular matrix";
            if (signChangeWarning == null) {
                throw layer.invertibilityLost(why);
            }
            signChangeWarning.accept(String.format(Locale.ROOT, "det W of layer \"%s\" (index %d) changed sign "
                    + "between iterations %d and %d: W passed through a singular matrix on the way; the current W is "
                    + "well conditioned (reciprocal condition number %.3g)", layer.conf().getLayer().getLayerName(),
                    layer.getIndex(), since, iteration, rcond));
        }
    }

    private static Layer[] layersOf(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).getLayers();
        }
        if (model instanceof ComputationGraph) {
            return ((ComputationGraph) model).getLayers();
        }
        throw new IllegalArgumentException("InvertibilityGuard watches a MultiLayerNetwork or ComputationGraph, got "
                + model.getClass().getName());
    }

    private static long iterationOf(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).getIterationCount();
        }
        return ((ComputationGraph) model).getIterationCount();
    }
}
