package org.relgrad.examples.train;

/** Training produced non-finite numbers; the message says when, and what was kept. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
