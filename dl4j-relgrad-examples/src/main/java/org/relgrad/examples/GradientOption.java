package org.relgrad.examples;

import org.relgrad.nn.conf.layers.GradientMode;

/** How {@code --gradient} names the {@link GradientMode}s on the command line. */
public enum GradientOption {
    relative(GradientMode.RELATIVE),
    transposed(GradientMode.TRANSPOSED_RELATIVE),
    euclidean(GradientMode.EUCLIDEAN);

    public final GradientMode mode;

    GradientOption(GradientMode mode) {
        this.mode = mode;
    }
}
