package org.relgrad.train;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Early-stopping bookkeeping after {@code epoch} completed epochs and {@code batchesDone} batches of the next;
 * {@code initialValid} is the untrained model's validation log-likelihood, the reference for detecting divergence.
 * {@code bestValid} is NaN until the first epoch ends.
 */
public record TrainingState(int epoch, int bestEpoch, double bestValid, int sinceBest, double initialValid,
        int batchesDone) {

    static TrainingState start(double initialValid) {
        return new TrainingState(0, 0, Double.NaN, 0, initialValid, 0);
    }

    TrainingState after(int completedEpoch, double valid, boolean improved) {
        return improved ? new TrainingState(completedEpoch, completedEpoch, valid, 0, initialValid, 0)
                : new TrainingState(completedEpoch, bestEpoch, bestValid, sinceBest + 1, initialValid, 0);
    }

    /** This state with {@code batches} batches of the next epoch done. */
    TrainingState within(int batches) {
        return new TrainingState(epoch, bestEpoch, bestValid, sinceBest, initialValid, batches);
    }

    void writeTo(ObjectNode s) {
        s.put("epoch", epoch);
        s.put("bestEpoch", bestEpoch);
        s.put("bestValidLogLik", bestValid);
        s.put("epochsSinceBest", sinceBest);
        s.put("initialValidLogLik", initialValid);
        s.put("batchesDoneInNextEpoch", batchesDone);
    }

    static TrainingState readFrom(JsonNode s) {
        return new TrainingState(s.path("epoch").asInt(), s.path("bestEpoch").asInt(),
                s.path("bestValidLogLik").asDouble(), s.path("epochsSinceBest").asInt(),
                s.path("initialValidLogLik").asDouble(), s.path("batchesDoneInNextEpoch").asInt());
    }
}
