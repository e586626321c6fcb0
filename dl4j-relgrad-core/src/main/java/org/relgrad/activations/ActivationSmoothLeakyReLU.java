package org.relgrad.activations;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J activation function for the smooth leaky ReLU ({@link SmoothLeakyReLU}), so it can be named in any layer
 * configuration and survives JSON round trips; {@code alpha} defaults to 0.01 as in the paper's code.
 */
public class ActivationSmoothLeakyReLU extends BaseActivationFunction {
    public static final double DEFAULT_ALPHA = 0.01;

    private double alpha;

    public ActivationSmoothLeakyReLU() {
        this(DEFAULT_ALPHA);
    }

    public ActivationSmoothLeakyReLU(double alpha) {
        this.alpha = alpha;
    }

    public double getAlpha() {
        return alpha;
    }

    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    /** The invertible math behind this activation; throws if alpha is outside (0, 1). */
    public SmoothLeakyReLU math() {
        return new SmoothLeakyReLU(alpha);
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return math().applyInPlace(in);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray dLdz = math().derivative(in).muli(epsilon);
        in.assign(dLdz);
        return new Pair<>(in, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationSmoothLeakyReLU && ((ActivationSmoothLeakyReLU) o).alpha == alpha;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha);
    }

    @Override
    public String toString() {
        return "smoothleakyrelu(alpha=" + alpha + ")";
    }
}
