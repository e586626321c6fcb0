package org.relgrad.optimize.listeners;

import org.relgrad.RelgradError;

/** Training produced a non-finite score; the message says when, and what to do. */
public class TrainingDivergedException extends ArithmeticException implements RelgradError {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
