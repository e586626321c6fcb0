package org.relgrad.nn.layers;

import org.relgrad.RelgradError;

/** A flow layer's weight matrix is singular (or non-finite): the network is no longer invertible. */
public class SingularWeightsException extends ArithmeticException implements RelgradError {
    public SingularWeightsException(String message) {
        super(message);
    }
}
