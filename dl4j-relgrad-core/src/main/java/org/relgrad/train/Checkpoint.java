package org.relgrad.train;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.io.ModelFile;
import org.relgrad.io.ModelFileException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The resumable state of a {@link FlowTrainer} run: the last network with its optimiser state and the early-stopping
 * bookkeeping ({@link TrainingState}, under the metadata key {@value #STATE_KEY}), in a {@link ModelFile} beside the
 * best model.
 */
public final class Checkpoint {
    /** Metadata key of the training state. */
    public static final String STATE_KEY = "checkpoint";

    private Checkpoint() {
    }

    /** A checkpoint's network, training state and (the caller's) metadata. */
    public record Loaded(FlowNetwork network, TrainingState state, ObjectNode metadata) {
    }

    /** {@code model.zip} → {@code model.checkpoint.zip}; other names get {@code .checkpoint.zip} appended. */
    public static Path pathFor(Path model) {
        String name = model.getFileName().toString();
        String stem = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return model.resolveSibling(stem + ".checkpoint.zip");
    }

    static void save(FlowNetwork net, TrainingState state, ObjectNode metadata, Path file) throws IOException {
        ObjectNode m = metadata.deepCopy();
        state.writeTo(m.putObject(STATE_KEY));
        ModelFile.save(net, m, file, true);
    }

    /** The checkpoint at {@code file}, with the optimiser state. */
    public static Loaded load(Path file) {
        ModelFile.Loaded loaded = ModelFile.load(file, true);
        JsonNode s = loaded.metadata().get(STATE_KEY);
        if (s == null) {
            throw new ModelFileException(file + " is a model file but not a training checkpoint");
        }
        return new Loaded(loaded.network(), TrainingState.readFrom(s), loaded.metadata());
    }
}
