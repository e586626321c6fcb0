package org.relgrad.nn.layers;

/** A runtime layer that the {@code Flow} API can run exactly in both directions. */
public interface BijectiveLayer {

    /** Width D of the layer's input and output. */
    long size();

    /** This layer at its current parameters; see {@link Bijection}. */
    Bijection bijection();
}
