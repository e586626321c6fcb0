package org.relgrad.nn.layers;

/** A flow layer's weight matrix is singular (or non-finite): the network is no longer invertible. */
public class SingularWeightsException extends ArithmeticException {
    public SingularWeightsException(String message) {
        super(message);
    }
}
