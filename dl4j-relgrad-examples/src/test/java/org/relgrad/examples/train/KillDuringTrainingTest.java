package org.relgrad.examples.train;

import org.relgrad.io.ModelFile;
import org.relgrad.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relgrad.examples.RelgradCli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a real {@code relgrad train} process with SIGKILL at random moments while it saves a model and a checkpoint
 * every few milliseconds, then checks that both files load, and that {@code --resume} carries on from them.
 */
class KillDuringTrainingTest {

    private static Process startTraining(Path model, boolean resume, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), RelgradCli.class.getName(),
                "train", "--data", "toy:moons?n=600", "--out", model.toString(), "--layers", "2", "--batch", "600",
                "--epochs", "100000", "--patience", "100000", "--lr", "0.001", "--threads", "1"));
        if (resume) {
            cmd.add("--resume");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    @Test
    void sigkillAtAnyMomentLeavesLoadableFilesAndResumeContinues(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.zip");
        Path checkpoint = Checkpoint.pathFor(model);
        Random random = new Random(11);
        int lastEpoch = 0;
        for (int round = 0; round < 4; round++) {
            Path log = dir.resolve("log" + round + ".txt");
            Process p = startTraining(model, round > 0, log);
            // wait for this run's first save, then let it save a random number of times more before the kill
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long before = Files.exists(checkpoint) ? Files.getLastModifiedTime(checkpoint).toMillis() : -1;
            while (p.isAlive() && System.nanoTime() < deadline && (!Files.exists(checkpoint)
                    || Files.getLastModifiedTime(checkpoint).toMillis() == before)) {
                Thread.sleep(5);
            }
            assertTrue(p.isAlive(), () -> "training ended early: " + read(log));
            Thread.sleep(random.nextInt(400));
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);

            int epoch = ModelFile.load(checkpoint, true).metadata().get("checkpoint").get("epoch").asInt();
            assertTrue(epoch > lastEpoch, "the checkpoint moved on: " + lastEpoch + " -> " + epoch);
            lastEpoch = epoch;
            ModelFile.Loaded best = ModelFile.load(model, false);
            assertTrue(Double.isFinite(best.network().asFlow().logProb(
                    org.nd4j.linalg.factory.Nd4j.rand(5, 2)).sumNumber().doubleValue()));
            if (round > 0) {
                assertTrue(read(log).contains("resuming"), () -> read(log));
            }
        }
        try (var files = Files.list(dir)) {
            // what a kill can leave behind: at most a stray temporary file per target, never a damaged target
            assertEquals(2, files.filter(f -> f.getFileName().toString().endsWith(".zip")).count());
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
