package org.relgrad.examples.lab.bench;

/** One full training step (forward, backward, update) of one benchmarked method, repeatable on the same batch. */
interface TrainingStep extends AutoCloseable {

    void run();

    /** Releases native memory the step holds outside ND4J's garbage-collected arrays. */
    @Override
    default void close() {
    }
}
