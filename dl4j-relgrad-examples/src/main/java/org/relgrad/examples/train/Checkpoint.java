package org.relgrad.examples.train;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.relgrad.flow.FlowNetwork;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The resumable state of {@code relgrad train}: the last network with its optimiser state, and the early-stopping
 * bookkeeping, in a {@link ModelFile} beside the best model.
 */
final class Checkpoint {
    private Checkpoint() {
    }

    /**
     * Early-stopping bookkeeping after {@code epoch} completed epochs and {@code batchesDone} batches of the next;
     * {@code initialValid} is the untrained model's validation log-likelihood, the reference for detecting divergence.
     */
    record State(int epoch, int bestEpoch, double bestValid, int sinceBest, double initialValid, int batchesDone) {
        static State start(double initialValid) {
            return new State(0, 0, Double.NaN, 0, initialValid, 0);
        }

        State after(int completedEpoch, double valid, boolean improved) {
            return improved ? new State(completedEpoch, completedEpoch, valid, 0, initialValid, 0)
                    : new State(completedEpoch, bestEpoch, bestValid, sinceBest + 1, initialValid, 0);
        }

        /** This state with {@code batches} batches of the next epoch done. */
        State within(int batches) {
            return new State(epoch, bestEpoch, bestValid, sinceBest, initialValid, batches);
        }
    }

    record Loaded(FlowNetwork network, State state) {
    }

    /** {@code model.zip} → {@code model.checkpoint.zip}; other names get {@code .checkpoint.zip} appended. */
    static Path pathFor(Path model) {
        String name = model.getFileName().toString();
        String stem = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return model.resolveSibling(stem + ".checkpoint.zip");
    }

    static void save(FlowNetwork net, State state, ObjectNode metadata, Path file) throws IOException {
        ObjectNode m = metadata.deepCopy();
        ObjectNode s = m.putObject("checkpoint");
        s.put("epoch", state.epoch());
        s.put("bestEpoch", state.bestEpoch());
        s.put("bestValidLogLik", state.bestValid());
        s.put("epochsSinceBest", state.sinceBest());
        s.put("initialValidLogLik", state.initialValid());
        s.put("batchesDoneInNextEpoch", state.batchesDone());
        ModelFile.save(net, m, file, true);
    }

    /** The checkpoint at {@code file}, which must come from a run on the same data with the same seed. */
    static Loaded load(Path file, String data, long seed) {
        ModelFile.Loaded loaded = ModelFile.load(file, true);
        JsonNode s = loaded.metadata().get("checkpoint");
        if (s == null) {
            throw new ModelFileException(file + " is a model file but not a training checkpoint");
        }
        if (!data.equals(loaded.text("data")) || seed != loaded.metadata().path("seed").asLong()) {
            throw new ModelFileException("Checkpoint " + file + " comes from a run with --data " + loaded.text("data")
                    + " --seed " + loaded.metadata().path("seed").asLong() + "; resume with the same data and seed");
        }
        State state = new State(s.path("epoch").asInt(), s.path("bestEpoch").asInt(),
                s.path("bestValidLogLik").asDouble(), s.path("epochsSinceBest").asInt(),
                s.path("initialValidLogLik").asDouble(), s.path("batchesDoneInNextEpoch").asInt());
        return new Loaded(loaded.network(), state);
    }
}
