package org.relgrad.train;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The training batches of each epoch. A resumed run must see the batches an uninterrupted one would, so the batches
 * of epoch e must depend only on e: either an iterator made per epoch (e.g. shuffled with a seed derived from e), or
 * one iterator reset once per epoch from its construction on ({@link #resetting}).
 */
@FunctionalInterface
public interface EpochData {

    /** The batches of epoch {@code epoch} (from 1), in order. */
    DataSetIterator epoch(int epoch);

    /**
     * One iterator, reset between epochs as DL4J's own {@code fit(iterator)} loop does it: epoch e is what it gives
     * after e − 1 resets since it was made (the same batches as {@code for (...) net.fit(it)}), so a new iterator built
     * the same way (e.g. {@code FeatureDataSetIterator} with the same seed) resumes exactly.
     */
    static EpochData resetting(DataSetIterator it) {
        int[] resets = {0};
        return epoch -> {
            if (resets[0] > epoch - 1) {
                throw new IllegalStateException("Epoch " + epoch + " asked for after epoch " + (resets[0] + 1)
                        + ": a resetting iterator cannot go back");
            }
            while (resets[0] < epoch - 1) {
                it.reset();
                resets[0]++;
            }
            return it;
        };
    }
}
