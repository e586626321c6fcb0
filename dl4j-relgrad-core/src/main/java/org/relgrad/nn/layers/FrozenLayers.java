package org.relgrad.nn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;

/**
 * DL4J's frozen wrappers ({@code TransferLearning.setFeatureExtractor}, {@code FrozenLayerWithBackprop}) around
 * invertible layers. A frozen layer is still part of the flow: its Jacobian stays in log p(x), although DL4J's
 * wrappers report no score terms for it (their {@code calcRegularizationScore} is 0).
 */
public final class FrozenLayers {
    private FrozenLayers() {
    }

    /** True if {@code layer} is one of DL4J's frozen wrappers. */
    public static boolean isFrozen(Layer layer) {
        return layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop;
    }

    /** The layer a frozen wrapper holds (through nested wrappers), or {@code layer} itself. */
    public static Layer unwrap(Layer layer) {
        Layer l = layer;
        while (true) {
            if (l instanceof FrozenLayer) {
                l = ((FrozenLayer) l).getInsideLayer();
            } else if (l instanceof FrozenLayerWithBackprop) {
                l = ((FrozenLayerWithBackprop) l).getInsideLayer();
            } else {
                return l;
            }
        }
    }

    /** The invertible layer {@code layer} is or wraps, or null if it is not invertible. */
    public static BijectiveLayer bijective(Layer layer) {
        Layer l = unwrap(layer);
        return l instanceof BijectiveLayer ? (BijectiveLayer) l : null;
    }

    /**
     * The Jacobian terms that DL4J's score leaves out: Σ over the frozen invertible layers of
     * {@link BijectiveLayer#negativeMeanLogDet()} for the last forward pass.
     */
    public static double missingJacobianScore(Layer[] layers) {
        double s = 0;
        for (Layer l : layers) {
            if (isFrozen(l)) {
                BijectiveLayer b = bijective(l);
                if (b != null) {
                    s += b.negativeMeanLogDet();
                }
            }
        }
        return s;
    }
}
