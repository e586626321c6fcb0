package org.relgrad.learning;

import lombok.Data;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.relgrad.nn.conf.layers.GradientMode;

import java.util.Arrays;

/**
 * Gives an existing square layer (a stock DL4J {@code DenseLayer} D→D, say) relative-gradient steps without
 * swapping the layer: set it as the layer's weight regularization, last in the list, and before the updater it
 * replaces the weight gradient G by W Wᵀ G ({@link GradientMode#RELATIVE}) or G Wᵀ W
 * ({@link GradientMode#TRANSPOSED_RELATIVE}).
 *
 * <p>This path costs two D×D×D matrix products per step (O(D³)), because an updater hook only sees G, not the
 * layer's activations; {@code InvertibleDenseLayer} computes the same direction in O(B·D²) from them. The bias
 * gradient is left alone (a regularization sees one parameter at a time), which is the authors' W-only variant.
 *
 * <pre>{@code
 * new DenseLayer.Builder().nIn(d).nOut(d)
 *         .regularization(List.of(new RelativeGradientPreconditioner(d)))
 *         .build();
 * }</pre>
 */
@Data
public class RelativeGradientPreconditioner implements Regularization {

    private final int units;
    private final GradientMode mode;

    /** The relative direction W Wᵀ G for a layer of width {@code units} (nIn = nOut = units). */
    public RelativeGradientPreconditioner(int units) {
        this(units, GradientMode.RELATIVE);
    }

    /**
     * @param units width of the square layer (DL4J hands a regularization its parameter as a flat vector, so the
     *              shape cannot be read from it)
     * @param mode  RELATIVE (W Wᵀ G) or TRANSPOSED_RELATIVE (G Wᵀ W)
     */
    @JsonCreator
    public RelativeGradientPreconditioner(@JsonProperty("units") int units, @JsonProperty("mode") GradientMode mode) {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + units);
        }
        this.units = units;
        if (mode != GradientMode.RELATIVE && mode != GradientMode.TRANSPOSED_RELATIVE) {
            throw new IllegalArgumentException("RelativeGradientPreconditioner needs mode RELATIVE or "
                    + "TRANSPOSED_RELATIVE, got " + mode + " (EUCLIDEAN is the plain gradient: leave this out)");
        }
        this.mode = mode;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        if (param.length() != (long) units * units) {
            throw new IllegalStateException("RelativeGradientPreconditioner(" + units + ") was given a parameter of "
                    + param.length() + " values (shape " + Arrays.toString(param.shape()) + "), not a square "
                    + units + "x" + units + " weight matrix: use it only on layers with nIn == nOut == " + units
                    + ", and only as weight (not bias) regularization");
        }
        // DL4J stores W [nIn, nOut] column-major ('f') inside the flat parameter and gradient vectors
        INDArray w = param.reshape('f', units, units);
        INDArray g = gradView.reshape('f', units, units).dup('f');
        INDArray direction = mode == GradientMode.RELATIVE
                ? w.mmul(w.transpose().mmul(g))
                : g.mmul(w.transpose()).mmul(w);
        gradView.assign(direction.reshape('f', gradView.shape()));
    }

    /** No score term: this changes the descent direction, not the objective. */
    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return 0.0;
    }

    @Override
    public Regularization clone() {
        return new RelativeGradientPreconditioner(units, mode);
    }

}
