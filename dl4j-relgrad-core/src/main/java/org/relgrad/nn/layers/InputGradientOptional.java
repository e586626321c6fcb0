package org.relgrad.nn.layers;

/**
 * A layer that can skip computing the gradient with respect to its input, for the one backward pass in which the
 * network throws that gradient away (the first layer of a network being fitted): at batch 100 and D = 784 that is one
 * of the eight B×D×D products of a 2-layer flow's step.
 */
public interface InputGradientOptional {

    /**
     * Whether the next backward passes must compute the input gradient (true, the default) or may return null for it.
     */
    void setInputGradientNeeded(boolean needed);
}
