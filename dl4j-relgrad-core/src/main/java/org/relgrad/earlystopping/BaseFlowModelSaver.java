package org.relgrad.earlystopping;

import org.deeplearning4j.earlystopping.EarlyStoppingModelSaver;
import org.deeplearning4j.nn.api.Model;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/**
 * What {@link FlowModelSaver} and {@link FlowGraphSaver} share: models kept in memory or in a directory, returned as
 * flows, each with the score it was saved with.
 *
 * <p>DL4J's stock savers return plain MultiLayerNetwork / ComputationGraph copies, which cannot train on feature-only
 * data, and {@code BaseEarlyStoppingTrainer} reports {@code bestModel.score()} as the best score, which is 0.0 for a
 * freshly copied or loaded model (DL4J M2.1). These savers set each returned model's score to the one it was saved
 * with, so {@code EarlyStoppingResult.getBestModelScore()} is the best validation score.
 */
abstract class BaseFlowModelSaver<T extends Model> implements EarlyStoppingModelSaver<T> {
    private final File directory;
    private transient T best;
    private transient T latest;
    private double bestScore = Double.NaN;
    private double latestScore = Double.NaN;

    /** @param directory where to write the models, or null to keep copies in memory */
    BaseFlowModelSaver(File directory) {
        this.directory = directory;
        if (directory != null && !directory.isDirectory() && !directory.mkdirs()) {
            throw new IllegalArgumentException("Cannot create the model directory " + directory);
        }
    }

    abstract T copy(T net);

    abstract void write(T net, File file) throws IOException;

    abstract T read(File file) throws IOException;

    abstract void setScore(T net, double score);

    abstract String fileStem();

    @Override
    public void saveBestModel(T net, double score) throws IOException {
        bestScore = score;
        best = save(net, score, "best");
    }

    @Override
    public void saveLatestModel(T net, double score) throws IOException {
        latestScore = score;
        latest = save(net, score, "latest");
    }

    private T save(T net, double score, String which) throws IOException {
        if (directory == null) {
            T c = copy(net);
            setScore(c, score);
            return c;
        }
        File target = file(which);
        // a crash during the write leaves the previous model: write beside it, then rename over it
        File tmp = new File(directory, "." + target.getName() + ".tmp");
        write(net, tmp);
        Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(scoreFile(which).toPath(), Double.toString(score), StandardCharsets.UTF_8);
        return null;
    }

    @Override
    public T getBestModel() throws IOException {
        return get(best, bestScore, "best");
    }

    @Override
    public T getLatestModel() throws IOException {
        return get(latest, latestScore, "latest");
    }

    private T get(T kept, double score, String which) throws IOException {
        if (directory == null) {
            return kept;
        }
        File f = file(which);
        if (!f.isFile()) {
            throw new java.io.FileNotFoundException("No " + which + " model saved in " + directory);
        }
        T net = read(f);
        File s = scoreFile(which);
        double saved = Double.isNaN(score) && s.isFile() ? Double.parseDouble(Files.readString(s.toPath()).trim())
                : score;
        setScore(net, saved);
        return net;
    }

    private File file(String which) {
        return new File(directory, which + fileStem() + ".zip");
    }

    private File scoreFile(String which) {
        return new File(directory, which + fileStem() + ".score");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + (directory == null ? "in memory" : "dir=" + directory) + ")";
    }
}
