package org.relgrad.train;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingStateTest {

    @Test
    void checkpointSitsBesideTheModel() {
        assertEquals(Path.of("out/model.checkpoint.zip"), Checkpoint.pathFor(Path.of("out/model.zip")));
        assertEquals(Path.of("model.bin.checkpoint.zip"), Checkpoint.pathFor(Path.of("model.bin")));
    }

    @Test
    void earlyStoppingStateKeepsTheBestAndCountsEpochsSinceIt() {
        TrainingState s = TrainingState.start(-9.0).after(1, -5.0, true).after(2, -6.0, false)
                .after(3, -5.5, false);
        assertEquals(3, s.epoch());
        assertEquals(1, s.bestEpoch());
        assertEquals(-5.0, s.bestValid());
        assertEquals(2, s.sinceBest());
        assertEquals(-9.0, s.initialValid());
        assertEquals(0, s.after(4, -4.0, true).sinceBest());
    }

    @Test
    void theStateRoundTripsThroughItsJson() {
        TrainingState s = new TrainingState(7, 4, -1.25, 3, -9.5, 17);
        ObjectNode n = new ObjectMapper().createObjectNode();
        s.writeTo(n);
        assertEquals(s, TrainingState.readFrom(n));
    }
}
