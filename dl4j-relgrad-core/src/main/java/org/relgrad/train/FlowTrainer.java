package org.relgrad.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.io.AtomicFiles;
import org.relgrad.io.ModelFile;
import org.relgrad.io.OutputLock;
import org.relgrad.nn.layers.SingularWeightsException;
import org.relgrad.optimize.listeners.InvertibilityGuard;
import org.relgrad.optimize.listeners.TrainingDivergedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Exact maximum-likelihood training of a {@link FlowNetwork} with everything a long run needs: the exact validation
 * log-likelihood after every epoch, early stopping with patience, a divergence check, an {@link InvertibilityGuard},
 * the best model (parameters only) and a resumable checkpoint (with the optimiser state) written atomically, mid-epoch
 * checkpoints, bitwise resume, and progress callbacks.
 *
 * <pre>{@code
 * FlowTrainer.Result r = FlowTrainer.builder().network(net)
 *         .trainData(EpochData.resetting(new FeatureDataSetIterator(train, 100, 1L)))
 *         .validation(new FeatureDataSetIterator(valid, 1000))
 *         .bestModel(Path.of("flow.zip")).epochs(50).patience(5)
 *         .build().fit();
 * }</pre>
 *
 * <p>Without validation data and files it is a plain loop of {@code epochs} epochs with the guard and progress
 * callbacks. The training loop of every command of this project; the math lives in the layers, this class only
 * orchestrates.
 */
public final class FlowTrainer {
    private final Builder b;

    private FlowTrainer(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How a run ended. */
    public enum Stop { PATIENCE, EPOCH_LIMIT, BATCH_LIMIT }

    /** The trained network (the last state; the best one is in {@code bestModel}), the final state, why it stopped. */
    public record Result(FlowNetwork network, TrainingState state, Stop stop) {
    }

    /** Checks a new validation log-likelihood before the model is kept; throws to stop training. */
    @FunctionalInterface
    public interface ValidationCheck {
        void check(double validLogLik, TrainingState before, Path bestModel);
    }

    /**
     * Runs (or, with {@code resume}, continues) the training; see the class comment.
     *
     * @throws UncheckedIOException if a model file cannot be written (its message says which and why)
     */
    public Result fit() {
        try {
            if (b.bestModel == null) {
                return run();
            }
            AtomicFiles.checkWritable(b.bestModel, "the model");
            AtomicFiles.checkWritable(checkpointFile(), "the checkpoint");
            try (OutputLock lock = b.lock ? OutputLock.acquire(b.bestModel) : null) {
                return run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The checkpoint file, or null for a run in memory (no best model file). */
    private Path checkpointFile() {
        return b.checkpoint != null ? b.checkpoint : b.bestModel == null ? null : Checkpoint.pathFor(b.bestModel);
    }

    private Result run() throws IOException {
        Path checkpointFile = checkpointFile();
        FlowNetwork net;
        TrainingState state;
        if (b.resumeFrom != null) {
            net = b.resumeFrom.network();
            state = b.resumeFrom.state();
        } else {
            if (checkpointFile != null && Files.exists(checkpointFile)) {
                throw new IllegalStateException("A checkpoint of an earlier run exists at " + checkpointFile
                        + ": continue it with resume, or delete it to start over");
            }
            net = Objects.requireNonNull(b.network, "network");
            state = TrainingState.start(b.validation == null ? Double.NaN : validationLogLik(net));
        }
        List<Object> listeners = new ArrayList<>(net.getListeners());
        if (!listeners.contains(b.guard)) {
            net.addListeners(b.guard);
        }
        try {
            return epochs(net, state, checkpointFile);
        } catch (SingularWeightsException | TrainingDivergedException e) {
            throw withFiles(e, checkpointFile);
        }
    }

    private Result epochs(FlowNetwork net, TrainingState state, Path checkpointFile) throws IOException {
        b.guard.check(net);
        long batchesThisRun = 0;
        while (state.epoch() < b.epochs && state.sinceBest() < b.patience) {
            int epoch = state.epoch() + 1;
            b.listener.epochStarted(epoch, state.batchesDone());
            DataSetIterator it = b.trainData.epoch(epoch);
            // a checkpoint taken inside this epoch: skip the batches it had already trained on
            for (int skip = 0; skip < state.batchesDone() && it.hasNext(); skip++) {
                it.next();
            }
            int batchesDone = state.batchesDone();
            long lastCheckpoint = System.nanoTime();
            while (it.hasNext()) {
                DataSet ds = it.next();
                net.fit(ds);
                batchesDone++;
                batchesThisRun++;
                b.listener.batchDone(epoch, batchesDone, ds.numExamples(), net.score());
                boolean stopNow = b.stopAfterBatches > 0 && batchesThisRun >= b.stopAfterBatches;
                boolean checkpointDue = checkpointFile != null
                        && (System.nanoTime() - lastCheckpoint) / 1e9 >= b.checkpointSeconds;
                if (stopNow || checkpointDue) {
                    // only a state that passes the guard may become the checkpoint a resume starts from
                    b.guard.check(net);
                    TrainingState partial = state.within(batchesDone);
                    if (checkpointFile != null) {
                        Checkpoint.save(net, partial, metadata(partial, Double.NaN), checkpointFile);
                        lastCheckpoint = System.nanoTime();
                        b.listener.checkpointSaved(epoch, batchesDone);
                    }
                    if (stopNow) {
                        return new Result(net, partial, Stop.BATCH_LIMIT);
                    }
                }
            }
            b.guard.check(net);
            state = endEpoch(net, state, epoch, checkpointFile);
        }
        return new Result(net, state, state.sinceBest() >= b.patience ? Stop.PATIENCE : Stop.EPOCH_LIMIT);
    }

    private TrainingState endEpoch(FlowNetwork net, TrainingState state, int epoch, Path checkpointFile)
            throws IOException {
        if (b.validation == null) {
            // no held-out data: a fixed number of epochs, and only a non-finite score counts as divergence
            if (!Double.isFinite(net.score())) {
                b.listener.epochEnded(epoch, Double.NaN, false);
                throw new TrainingDivergedException("Training diverged in epoch " + epoch + ": the training score is "
                        + net.score() + ". Lower the learning rate.");
            }
            TrainingState after = new TrainingState(epoch, 0, Double.NaN, 0, state.initialValid(), 0);
            saveCheckpoint(net, after, Double.NaN, checkpointFile);
            b.listener.epochEnded(epoch, Double.NaN, false);
            return after;
        }
        double valid = validationLogLik(net);
        // one nat per feature below the untrained model is no longer noise: the optimiser has overshot
        double floor = state.initialValid() - Flow.ofHead(net).dims();
        if (!Double.isFinite(valid) || !Double.isFinite(net.score()) || valid < floor) {
            b.listener.epochEnded(epoch, valid, false);
            throw new TrainingDivergedException("Training diverged in epoch " + epoch + " (iteration "
                    + net.getIterationCount() + "): the validation log-likelihood is " + valid + ", below the "
                    + "untrained model's " + String.format(Locale.ROOT, "%.4f", state.initialValid()) + " by more "
                    + "than one nat per feature. Lower the learning rate. " + (state.bestEpoch() > 0 ? "The best "
                    + "model so far (epoch " + state.bestEpoch() + ") is intact in " + b.bestModel + "."
                    : "No model was written."));
        }
        for (ValidationCheck c : b.checks) {
            try {
                c.check(valid, state, b.bestModel);
            } catch (RuntimeException e) {
                b.listener.epochEnded(epoch, valid, false);
                throw e;
            }
        }
        boolean improved = state.bestEpoch() == 0 || valid > state.bestValid();
        TrainingState after = state.after(epoch, valid, improved);
        if (improved && b.bestModel != null) {
            ModelFile.save(net, metadata(after, valid), b.bestModel, false);
        }
        saveCheckpoint(net, after, valid, checkpointFile);
        b.listener.epochEnded(epoch, valid, improved);
        return after;
    }

    private void saveCheckpoint(FlowNetwork net, TrainingState state, double valid, Path checkpointFile)
            throws IOException {
        if (checkpointFile != null) {
            Checkpoint.save(net, state, metadata(state, valid), checkpointFile);
        }
    }

    private ObjectNode metadata(TrainingState state, double valid) {
        ObjectNode m = b.metadata.apply(ModelFile.newMetadata());
        m.put("epoch", state.epoch());
        m.put("validLogLik", valid);
        return m;
    }

    private double validationLogLik(FlowNetwork net) {
        return Flow.ofHead(net).meanLogProb(b.validation);
    }

    /** The guard's or the divergence check's error, with what is on disk now (the layers cannot know that). */
    private RuntimeException withFiles(RuntimeException e, Path checkpointFile) {
        if (b.bestModel == null || e.getMessage().contains(b.bestModel.toString())) {
            return e; // the divergence check already says it
        }
        String files = (Files.exists(b.bestModel) ? " The best model so far is intact in " + b.bestModel + "."
                : " No model was written.") + (Files.exists(checkpointFile) ? " The checkpoint " + checkpointFile
                + " holds the last state that passed the checks: continue from it (resume), perhaps with a lower "
                + "learning rate." : "");
        String message = e.getMessage().replace(" Lower the learning rate, or restart from the last good checkpoint.",
                " Lower the learning rate.") + files;
        return e instanceof SingularWeightsException ? new SingularWeightsException(message)
                : new TrainingDivergedException(message);
    }

    /** Settings of a {@link FlowTrainer}; {@code network} (unless resuming), data and {@code bestModel} are required. */
    public static final class Builder {
        private FlowNetwork network;
        private EpochData trainData;
        private DataSetIterator validation;
        private Path bestModel;
        private Path checkpoint;
        private int epochs = 20;
        private int patience = 5;
        private double checkpointSeconds = 600;
        private long stopAfterBatches;
        private Checkpoint.Loaded resumeFrom;
        private boolean lock = true;
        private InvertibilityGuard guard = new InvertibilityGuard(100);
        private FlowTrainingListener listener = new FlowTrainingListener() { };
        private UnaryOperator<ObjectNode> metadata = m -> m;
        private final List<ValidationCheck> checks = new ArrayList<>();

        private Builder() {
        }

        /** The network to train; not needed when resuming (the checkpoint holds it). */
        public Builder network(FlowNetwork net) {
            this.network = net;
            return this;
        }

        public Builder trainData(EpochData data) {
            this.trainData = data;
            return this;
        }

        /** One iterator, reset before every epoch (see {@link EpochData#resetting}). */
        public Builder trainData(DataSetIterator data) {
            return trainData(EpochData.resetting(data));
        }

        /**
         * Held-out data for the exact validation log-likelihood after every epoch (reset before each use); without
         * it, training runs {@code epochs} epochs with no early stopping and no best model.
         */
        public Builder validation(DataSetIterator data) {
            this.validation = data;
            return this;
        }

        /**
         * Where the best model goes (parameters only); the checkpoint defaults to {@link Checkpoint#pathFor}. Without
         * it (and without {@link #checkpoint}) the run writes no files.
         */
        public Builder bestModel(Path file) {
            this.bestModel = file;
            return this;
        }

        public Builder checkpoint(Path file) {
            this.checkpoint = file;
            return this;
        }

        /** Maximum number of epochs, counted from the start of training also when resuming (default 20). */
        public Builder epochs(int epochs) {
            this.epochs = positive(epochs, "epochs");
            return this;
        }

        /** Stop after this many epochs without a better validation log-likelihood (default 5). */
        public Builder patience(int patience) {
            this.patience = positive(patience, "patience");
            return this;
        }

        /** Also checkpoint inside an epoch every this many seconds (default 600). */
        public Builder checkpointSeconds(double seconds) {
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("checkpointSeconds must be >= 0, got " + seconds);
            }
            this.checkpointSeconds = seconds;
            return this;
        }

        /** Stop cleanly, with a checkpoint, after this many batches of this run (0: no limit). */
        public Builder stopAfterBatches(long batches) {
            this.stopAfterBatches = batches;
            return this;
        }

        /**
         * Continue from a checkpoint ({@code Checkpoint.load(Checkpoint.pathFor(bestModel))}) instead of starting with
         * {@code network}; with the same data, the run ends bitwise where an uninterrupted one would.
         */
        public Builder resume(Checkpoint.Loaded checkpoint) {
            this.resumeFrom = checkpoint;
            return this;
        }

        /** Whether fit() locks the output files (default true); false if the caller holds the lock already. */
        public Builder lockOutputs(boolean lock) {
            this.lock = lock;
            return this;
        }

        public Builder guard(InvertibilityGuard guard) {
            this.guard = Objects.requireNonNull(guard);
            return this;
        }

        public Builder listener(FlowTrainingListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Adds the caller's fields to the metadata of every file written (format fields are already there). */
        public Builder metadata(UnaryOperator<ObjectNode> metadata) {
            this.metadata = Objects.requireNonNull(metadata);
            return this;
        }

        /** A check of every validation log-likelihood before the model is kept (e.g. a bound the data allow). */
        public Builder validationCheck(ValidationCheck check) {
            checks.add(Objects.requireNonNull(check));
            return this;
        }

        public FlowTrainer build() {
            if (trainData == null || (network == null && resumeFrom == null)) {
                throw new IllegalStateException("A FlowTrainer needs trainData and a network (unless resuming)");
            }
            if (bestModel != null && validation == null) {
                throw new IllegalStateException("A best model needs validation data to choose it");
            }
            return new FlowTrainer(this);
        }

        private static int positive(int v, String what) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + v);
            }
            return v;
        }
    }
}
