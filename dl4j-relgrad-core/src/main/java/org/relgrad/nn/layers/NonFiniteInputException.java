package org.relgrad.nn.layers;

import org.relgrad.RelgradError;

import org.deeplearning4j.exception.DL4JInvalidInputException;

/** Input to a flow layer holds NaN or infinite values; raised before any parameter changes. */
public class NonFiniteInputException extends DL4JInvalidInputException implements RelgradError {
    public NonFiniteInputException(String message) {
        super(message);
    }
}
