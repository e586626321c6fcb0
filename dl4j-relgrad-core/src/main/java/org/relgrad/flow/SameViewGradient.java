package org.relgrad.flow;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A network's gradient whose {@link #gradient()} is the network's flattened gradient array itself.
 *
 * <p>DL4J 1.0.0-M2.1's {@code DefaultGradient.gradient()} returns a fresh reshape of that array, so its updater's
 * {@code gradient.gradient() != getFlattenedGradientsView()} test always takes the "external gradient" branch: every
 * step then cuts new views of every parameter and gradient (a native shape buffer and a memory check each), about
 * half the fixed cost of a small flow's step here. The numbers are the same either way.
 */
final class SameViewGradient extends DefaultGradient {

    private final INDArray flattened;

    private SameViewGradient(INDArray flattened) {
        super(flattened);
        this.flattened = flattened;
    }

    /** {@code g} with the same entries, reporting {@code flattened} as its gradient array. */
    static Gradient of(Gradient g, INDArray flattened) {
        if (g == null || flattened == null || g instanceof SameViewGradient) {
            return g;
        }
        SameViewGradient out = new SameViewGradient(flattened);
        for (Map.Entry<String, INDArray> e : g.gradientForVariable().entrySet()) {
            out.setGradientFor(e.getKey(), e.getValue(), g.flatteningOrderForVariable(e.getKey()));
        }
        return out;
    }

    @Override
    public INDArray gradient() {
        return flattened;
    }
}
