package org.relgrad.train;

/** Progress of a {@link FlowTrainer} run; every method has an empty default. */
public interface FlowTrainingListener {

    /** Epoch {@code epoch} (from 1) starts; {@code batchesDone} of its batches were done before a resume. */
    default void epochStarted(int epoch, int batchesDone) {
    }

    /** A batch of {@code examples} rows was trained on; {@code score} is DL4J's training score of that batch. */
    default void batchDone(int epoch, int batchesDone, int examples, double score) {
    }

    /** Epoch {@code epoch} ended with the exact validation log-likelihood {@code validLogLik} (nats per example). */
    default void epochEnded(int epoch, double validLogLik, boolean improvedAndSaved) {
    }

    /** A checkpoint inside an epoch was written after {@code batchesDone} batches. */
    default void checkpointSaved(int epoch, int batchesDone) {
    }
}
