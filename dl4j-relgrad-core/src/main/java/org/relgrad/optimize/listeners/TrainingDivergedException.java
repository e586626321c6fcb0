package org.relgrad.optimize.listeners;

/** Training produced a non-finite score; the message says when, and what to do. */
public class TrainingDivergedException extends ArithmeticException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
