package org.relgrad.examples.train;

import org.relgrad.io.AtomicFiles;
import org.relgrad.io.OutputLock;
import org.relgrad.io.ModelFileException;
import org.relgrad.train.Checkpoint;
import org.relgrad.train.FlowTrainer;
import org.relgrad.train.FlowTrainingListener;
import org.relgrad.train.TrainingState;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.relgrad.learning.config.DecayingAdam;
import org.relgrad.flow.FlowArchitecture;
import org.relgrad.nn.conf.layers.RationalQuadraticSplineLayer;
import org.relgrad.examples.GradientOption;
import org.relgrad.data.ColumnStats;
import org.relgrad.data.ConstantColumns;
import org.relgrad.data.DataDiagnostics;
import org.relgrad.data.DataFormatException;
import org.relgrad.data.DataSource;
import org.relgrad.data.DataSpec;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.layers.InvertibleDenseLayerImpl;
import org.relgrad.nn.layers.SingularWeightsException;
import org.relgrad.optimize.listeners.InvertibilityGuard;
import org.relgrad.optimize.listeners.TrainingDivergedException;
import org.relgrad.examples.options.SeedOption;
import org.relgrad.examples.options.ThreadsOption;
import picocli.CommandLine.Mixin;
import org.relgrad.examples.options.BatchOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code relgrad train}: exact maximum-likelihood training of a flow on csv, MNIST or toy data, with validation every
 * epoch, early stopping, the best model kept, and resumable checkpoints.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a flow by exact maximum likelihood (relative gradients, Adam) and save the best model.",
            "",
            "After every epoch the validation log-likelihood is computed; the model with the best one is written "
                + "to --out (its parameters only; atomically: a kill never leaves a half-written file), and the "
                + "last state, with the optimiser's, to the checkpoint file beside it (OUT with .checkpoint.zip), "
                + "from which --resume continues. While a run goes on, a lock file beside --out (OUT with .lock) "
                + "keeps other runs off the same output. Training stops early after --patience epochs without "
                + "improvement. The data are "
                + "standardised by a layer inside the model (its Jacobian is part of log p), so eval and sample work "
                + "in the data's own units. Training stops with an error, keeping the best model, when a weight "
                + "matrix approaches singularity (--check-every) or the validation log-likelihood falls more than one "
                + "nat per feature below the untrained model's.",
            "",
            "DATA is csv:PATH (numeric columns, optional header; streamed, so files larger than memory work), "
                + "mnist:DIR (IDX files; the paper's dequantisation and logit transform, 50k/10k split) or "
                + "toy:NAME[?n=N] (2-D: moons, trimodal, sine, 8gaussians, checkerboard, 2spirals, rings).",
            "",
            "The progress line's 'train NLL ~' is a running average of the training NLL over the last ~50 "
                + "batches (its -log|det W| terms, an O(D^3) LU, are taken once per printed line, not per step); "
                + "validation numbers are exact.",
            ""})
public class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DATA", description = "Training data (see above).")
    String data;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip",
            description = "Where to write the best model.")
    Path out;

    @Option(names = "--layers", defaultValue = TrainingPlan.AUTO, paramLabel = "L",
            description = "Invertible dense layers: L-1 nonlinear, the last linear. A list such as 1,2,4 trains each "
                    + "depth and keeps the one with the best validation log-likelihood. auto: 2 for MNIST, 1,2,3,4 "
                    + "for tables with fewer than 20,000 training rows, else 4 (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--activation", defaultValue = TrainingPlan.AUTO, paramLabel = "NAME",
            description = "What follows each dense layer but the last: smooth-leaky-relu, leaky-relu, spline (a "
                    + "linear dense layer, then a learnable monotone rational-quadratic spline per unit, identity "
                    + "outside [-B, B]) or smooth-leaky-relu+spline (both); auto is smooth-leaky-relu+spline for "
                    + "MNIST and smooth-leaky-relu for other data (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--alpha", defaultValue = "0.3", paramLabel = "A",
            description = "Negative-side slope of the (smooth) leaky ReLU, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--spline-bins", defaultValue = "8", paramLabel = "K",
            description = "Bins of every spline, 2 to " + RationalQuadraticSplineLayer.MAX_BINS + "; with --activation "
                    + "spline or smooth-leaky-relu+spline (default: ${DEFAULT-VALUE}).")
    int splineBins;

    @Option(names = "--spline-tail-bound", defaultValue = "5", paramLabel = "B",
            description = "The splines act on [-B, B] and are the identity outside, B > 0 (the data are "
                    + "standardised at the input); with --activation spline or smooth-leaky-relu+spline (default: "
                    + "${DEFAULT-VALUE}).")
    double splineTailBound;

    @Option(names = "--init", defaultValue = TrainingPlan.AUTO, paramLabel = "NAME",
            description = "How the dense weights start: orthogonal (random, Haar) or identity; auto is identity for "
                    + "MNIST (much faster to train there) and orthogonal for tables (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--epochs", defaultValue = TrainingPlan.AUTO, paramLabel = "E",
            description = "Maximum number of epochs, counted from the start also when resuming. auto: 400 for MNIST, "
                    + "else enough for about 30,000 batches (20 to 2,000 epochs) (default: ${DEFAULT-VALUE}).")
    String epochs;

    @Mixin
    BatchOption batchOption;

    @Option(names = "--lr", defaultValue = TrainingPlan.AUTO, paramLabel = "RATE",
            description = "Adam learning rate. auto: 5e-4 for MNIST, else 1e-3 (default: ${DEFAULT-VALUE}).")
    String lr;

    @Option(names = "--lr-decay", defaultValue = TrainingPlan.AUTO, paramLabel = "FACTOR",
            description = "Decay the learning rate exponentially per iteration to FACTOR times --lr at the last "
                    + "epoch; 1 keeps it constant. auto: 0.05 for MNIST, else 1 (default: ${DEFAULT-VALUE}).")
    String lrDecay;

    @Option(names = "--gradient", defaultValue = "relative", paramLabel = "MODE",
            description = "Descent direction: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    GradientOption gradient;

    @Mixin
    SeedOption seed;

    @Option(names = "--valid-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "Fraction of csv/toy rows held out for validation, in (0, 1); MNIST uses the paper's "
                    + "last 10,000 training images (default: ${DEFAULT-VALUE}).")
    double validFraction;

    @Option(names = "--patience", defaultValue = TrainingPlan.AUTO, paramLabel = "P",
            description = "Stop after P epochs without a better validation log-likelihood. auto: 40 for MNIST, else "
                    + "a twentieth of the epochs (5 to 100) (default: ${DEFAULT-VALUE}).")
    String patience;

    @Option(names = "--drop-constant-columns",
            description = "Keep columns that are constant in the training rows out of the density (a point mass at "
                    + "the constant: eval and score give a row that differs there log p = -inf, anomaly score +inf) "
                    + "instead of stopping with an error.")
    boolean dropConstantColumns;

    @Option(names = "--no-standardize", negatable = true, defaultValue = "true",
            description = "Standardise each feature by a layer inside the model (default: on).")
    boolean standardize;

    @Option(names = "--precision", defaultValue = "auto", paramLabel = "P",
            description = "float, double, or auto: double up to 32 features, float above (default: "
                    + "${DEFAULT-VALUE}).")
    String precision;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--check-every", defaultValue = "100", paramLabel = "N",
            description = "Check every N iterations, and before every save, that each W is finite and well "
                    + "conditioned; stop with an error otherwise. A determinant that changed sign between checks is a "
                    + "warning (default: ${DEFAULT-VALUE}).")
    int checkEvery;

    @Option(names = "--stop-on-sign-change",
            description = "Strict mode: stop when a weight matrix's determinant changed sign between checks. By "
                    + "default that is a warning: Adam's steps can jump across a singular matrix in wide layers while "
                    + "every iterate stays well conditioned, and log p stays exact.")
    boolean stopOnSignChange;

    // the default since sign changes became warnings; kept so that existing scripts still run
    @Option(names = "--allow-sign-changes", hidden = true)
    boolean allowSignChanges;

    @Option(names = "--checkpoint-seconds", defaultValue = "600", paramLabel = "S",
            description = "Also write the checkpoint inside an epoch every S seconds, so a crash in a long epoch "
                    + "loses at most that much work (default: ${DEFAULT-VALUE}).")
    double checkpointSeconds;

    // for tests and time-boxed runs: stop cleanly, with a checkpoint, after this many batches of this run
    @Option(names = "--stop-after-batches", defaultValue = "0", hidden = true)
    int stopAfterBatches;

    @Option(names = "--resume", description = "Continue from the checkpoint beside --out.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        validate();
        Path checkpointFile = Checkpoint.pathFor(out);
        // a full epoch, or ten minutes, is too late to learn that the model cannot be saved
        AtomicFiles.checkWritable(out, "the model");
        AtomicFiles.checkWritable(checkpointFile, "the checkpoint");
        // one run at a time on an output: the lock covers the model and its checkpoint until the run ends
        try (OutputLock lock = OutputLock.acquire(out)) {
            return train(checkpointFile);
        }
    }

    private Integer train(Path checkpointFile) throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        threads.apply();

        DataSource source = DataSpec.open(data, seed.value());
        DataSource.Split whole = source.split(validFraction, seed.value());
        ConstantColumns constants = constantColumns(source, whole, stderr);
        DataSource.Split split = new DataSource.Split(constants.apply(whole.train()),
                constants.apply(whole.validation()));
        int dims = constants.keptDims();
        stderr.printf("train: one pass over %s for the feature statistics and the example count ...%n",
                split.train().describe());
        stderr.flush();
        long statsStart = System.nanoTime();
        ColumnStats stats = split.train().stats();
        stderr.printf(Locale.ROOT, "train: %,d training examples read in %.1f s%n", stats.count(),
                (System.nanoTime() - statsStart) / 1e9);
        long trainCount = stats.count();
        long batchesPerEpoch = (trainCount + batchOption.value() - 1) / batchOption.value();
        DataDiagnostics diagnostics = diagnose(source, split, stderr);

        TrainingPlan plan;
        try {
            plan = TrainingPlan.resolve(layers, epochs, patience, lr, lrDecay, init, activation,
                    data.startsWith("mnist:"), trainCount, batchesPerEpoch);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (resume && plan.depths().size() > 1) {
            throw new ParameterException(spec.commandLine(), "--resume continues one run: give the depth of the "
                    + "model to continue with --layers N");
        }
        Checkpoint.Loaded resumed = resume ? resumedCheckpoint(checkpointFile, dims, stderr) : null;
        if (!resume && Files.exists(checkpointFile)) {
            throw new ParameterException(spec.commandLine(), "A checkpoint of an earlier run exists at "
                    + checkpointFile + ": continue it with --resume, or delete it to start over");
        }
        stderr.printf(Locale.ROOT, "train: %s, %d features, %,d training examples (%d batches of %d), %s, "
                + "%s gradient, Adam lr %s, %s weights%n", source.name(), dims, trainCount, batchesPerEpoch,
                batchOption.value(), plan.describe(), gradient, plan.lr(), plan.init().cliName());
        stderr.flush();
        Run run = new Run(source, split, constants, dims, stats, batchesPerEpoch, diagnostics, plan);
        if (plan.depths().size() == 1) {
            FlowTrainer.Result result = run.train(plan.depths().get(0), out, checkpointFile, resumed);
            TrainingState state = result.state();
            if (result.stop() == FlowTrainer.Stop.BATCH_LIMIT) {
                stdout.printf("stopped in epoch %d after %d batches; continue with --resume%n", state.epoch() + 1,
                        state.batchesDone());
                stdout.flush();
                return 0;
            }
            stdout.printf(Locale.ROOT, "best validation log-likelihood: %.4f nats/example at epoch %d (stopped: %s)%n",
                    state.bestValid(), state.bestEpoch(), why(result, plan));
        } else {
            chooseDepth(run, plan, checkpointFile, stdout, stderr);
        }
        stdout.printf("model: %s%ncheckpoint: %s%n", out, checkpointFile);
        stdout.flush();
        return 0;
    }

    private static String why(FlowTrainer.Result result, TrainingPlan plan) {
        return result.stop() == FlowTrainer.Stop.PATIENCE ? "no improvement for " + plan.patience() + " epochs"
                : "epoch limit";
    }

    /**
     * Trains every depth of the plan to its own candidate file beside --out, then moves the one with the best
     * validation log-likelihood (and its checkpoint) to --out and deletes the others.
     */
    private void chooseDepth(Run run, TrainingPlan plan, Path checkpointFile, PrintWriter stdout, PrintWriter stderr)
            throws Exception {
        int best = -1;
        double bestValid = Double.NEGATIVE_INFINITY;
        java.util.Map<Integer, Path> files = new java.util.LinkedHashMap<>();
        try {
            for (int depth : plan.depths()) {
                Path file = candidateFile(depth);
                Path candidateCheckpoint = Checkpoint.pathFor(file);
                // leftovers of an interrupted selection run on the same --out (held under its lock) are ours
                Files.deleteIfExists(file);
                Files.deleteIfExists(candidateCheckpoint);
                files.put(depth, file);
                stderr.printf("train: depth %d of %s%n", depth, TrainingPlan.join(plan.depths()));
                stderr.flush();
                FlowTrainer.Result result = run.train(depth, file, candidateCheckpoint, null);
                TrainingState state = result.state();
                stdout.printf(Locale.ROOT, "depth %d: best validation log-likelihood %.4f nats/example at epoch %d "
                        + "(stopped: %s)%n", depth, state.bestValid(), state.bestEpoch(), why(result, plan));
                stdout.flush();
                if (state.bestValid() > bestValid) {
                    bestValid = state.bestValid();
                    best = depth;
                }
            }
            Files.move(files.get(best), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(Checkpoint.pathFor(files.get(best)), checkpointFile,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            for (Path f : files.values()) {
                Files.deleteIfExists(f);
                Files.deleteIfExists(Checkpoint.pathFor(f));
            }
        }
        stdout.printf(Locale.ROOT, "chosen on validation: %d layer%s, best validation log-likelihood %.4f "
                + "nats/example%n", best, best == 1 ? "" : "s", bestValid);
    }

    /** {@code flow.zip} → {@code flow.depth-3.zip}, beside --out. */
    private Path candidateFile(int depth) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return out.resolveSibling(stem + ".depth-" + depth + ".zip");
    }

    /** The data and settings shared by every depth of one command. */
    private final class Run {
        private final DataSource source;
        private final DataSource.Split split;
        private final ConstantColumns constants;
        private final int dims;
        private final ColumnStats stats;
        private final long batchesPerEpoch;
        private final DataDiagnostics diagnostics;
        private final TrainingPlan plan;

        Run(DataSource source, DataSource.Split split, ConstantColumns constants, int dims, ColumnStats stats,
                long batchesPerEpoch, DataDiagnostics diagnostics, TrainingPlan plan) {
            this.source = source;
            this.split = split;
            this.constants = constants;
            this.dims = dims;
            this.stats = stats;
            this.batchesPerEpoch = batchesPerEpoch;
            this.diagnostics = diagnostics;
            this.plan = plan;
        }

        FlowTrainer.Result train(int depth, Path model, Path checkpoint, Checkpoint.Loaded resumed) {
            PrintWriter stderr = spec.commandLine().getErr();
            FlowNetwork net = resumed != null ? resumed.network()
                    : new FlowNetwork(configuration(depth, dims, stats, batchesPerEpoch, plan));
            if (resumed == null) {
                net.init();
            }
            InvertibilityGuard guard = new InvertibilityGuard(checkEvery).warnOnSignChange(message -> {
                stderr.println(System.lineSeparator() + "train: warning: " + message);
                stderr.flush();
            });
            if (stopOnSignChange) {
                guard.stopOnSignChange();
            }
            Progress progress = new Progress(stderr, batchesPerEpoch, net, plan.epochs());
            FlowTrainer trainer = FlowTrainer.builder().network(net).resume(resumed)
                    // the shuffle depends only on (seed, epoch): a resumed run sees the batches an uninterrupted one
                    // would
                    .trainData(epoch -> split.train().iterator(batchOption.value(), seed.value() * 1_000_003L + epoch))
                    .validation(split.validation().iterator(Math.max(batchOption.value(), 1000), null))
                    .bestModel(model).checkpoint(checkpoint).epochs(plan.epochs()).patience(plan.patience())
                    .checkpointSeconds(checkpointSeconds).stopAfterBatches(stopAfterBatches)
                    .lockOutputs(false) // call() holds the lock on --out since before the data were read
                    .guard(guard).listener(progress).metadata(m -> metadata(m, source, constants, depth, plan))
                    .validationCheck((valid, before, best) -> checkGridBound(valid, before, diagnostics, model))
                    .build();
            FlowTrainer.Result result;
            try {
                result = trainer.fit();
            } catch (SingularWeightsException | TrainingDivergedException e) {
                throw inCommandLineTerms(e);
            }
            if (result.stop() == FlowTrainer.Stop.BATCH_LIMIT) {
                progress.finish("  stopped after " + result.state().batchesDone() + " batches (checkpoint saved)");
            }
            return result;
        }
    }

    /** The checkpoint to resume, which must come from a run on the same data with the same seed. */
    private Checkpoint.Loaded resumedCheckpoint(Path checkpointFile, int dims, PrintWriter stderr) {
        Checkpoint.Loaded loaded = Checkpoint.load(checkpointFile);
        String hisData = loaded.metadata().path("data").asText(null);
        long hisSeed = loaded.metadata().path("seed").asLong();
        if (!data.equals(hisData) || seed.value() != hisSeed) {
            throw new ModelFileException("Checkpoint " + checkpointFile + " comes from a run with --data " + hisData
                    + " --seed " + hisSeed + "; resume with the same data and seed");
        }
        if (dims != loaded.network().asFlow().dims()) {
            throw new ParameterException(spec.commandLine(), "The data have " + dims + " features but the "
                    + "checkpoint's model expects " + loaded.network().asFlow().dims());
        }
        TrainingState state = loaded.state();
        stderr.printf(Locale.ROOT, "train: resuming %s after epoch %d%s (best validation %.4f at epoch %d)%n",
                checkpointFile, state.epoch(), state.batchesDone() > 0 ? " and " + state.batchesDone()
                + " batches of the next" : "", state.bestValid(), state.bestEpoch());
        return loaded;
    }

    /** The trainer's error, in the options of this command. */
    private static RuntimeException inCommandLineTerms(RuntimeException e) {
        String message = e.getMessage().replace("continue from it (resume)", "continue from it with --resume")
                .replace("a lower learning rate", "a lower --lr").replace("Lower the learning rate", "Lower --lr")
                + (e instanceof SingularWeightsException && e.getMessage().contains("changed sign")
                ? " Without --stop-on-sign-change a sign change is only a warning." : "");
        return e instanceof SingularWeightsException ? new SingularWeightsException(message)
                : new TrainingDivergedException(message);
    }

    /** The progress bar of each epoch, fed by the trainer. */
    private static final class Progress implements FlowTrainingListener {
        private final PrintWriter stderr;
        private final long batchesPerEpoch;
        private final FlowNetwork net;
        private final int epochs;
        // a small table's thousands of one-batch epochs: a line every so many epochs, not every one
        private final int every;
        private final boolean interactive = System.console() != null;
        private ProgressBar bar;

        Progress(PrintWriter stderr, long batchesPerEpoch, FlowNetwork net, int epochs) {
            this.stderr = stderr;
            this.batchesPerEpoch = batchesPerEpoch;
            this.net = net;
            this.epochs = epochs;
            this.every = (int) Math.max(1, Math.min(50, 50 / batchesPerEpoch));
        }

        @Override
        public void epochStarted(int epoch, int batchesDone) {
            bar = new ProgressBar(stderr, String.format(Locale.ROOT, "epoch %3d/%d", epoch, epochs), batchesPerEpoch,
                    interactive, () -> -weightLogDets(net));
        }

        @Override
        public void batchDone(int epoch, int batchesDone, int examples, double score) {
            bar.step(examples, score);
        }

        @Override
        public void epochEnded(int epoch, double validLogLik, boolean improvedAndSaved) {
            if (epoch % every == 0 || epoch == 1 || epoch == epochs || !Double.isFinite(validLogLik)) {
                finish(String.format(Locale.ROOT, "  validation log-likelihood %.4f%s", validLogLik,
                        improvedAndSaved ? "  (best, saved)" : ""));
            }
        }

        void finish(String message) {
            if (bar != null) {
                bar.finish(message);
            }
        }
    }

    /** A validation log-likelihood above what data on their grid can support stops training (see DataDiagnostics). */
    private void checkGridBound(double valid, TrainingState state, DataDiagnostics diagnostics, Path model) {
        double bound = diagnostics == null ? Double.POSITIVE_INFINITY : diagnostics.logLikelihoodBound();
        if (valid > bound) {
            throw new DataFormatException(String.format(Locale.ROOT, "The validation log-likelihood %.4f nats per "
                    + "row exceeds %.4f = -sum log(step), the most that data whose every column lies on a grid (steps "
                    + "%s) can support: the model is piling its mass onto the grid points, and the number is "
                    + "meaningless. Train on %s%s, which adds uniform noise of one step to the grid columns.%s",
                    valid, bound, java.util.Arrays.toString(diagnostics.gridSteps()), data, DataSpec.DEQUANTIZE,
                    state.bestEpoch() > 0 ? " The model of epoch " + state.bestEpoch() + " in " + model + " was "
                    + "saved before the bound was crossed." : ""));
        }
    }

    /**
     * The training rows' constant columns, kept out of the flow with --drop-constant-columns; without it they are an
     * error (a density of data that do not vary along a direction is unbounded). None for MNIST.
     */
    private ConstantColumns constantColumns(DataSource source, DataSource.Split whole, PrintWriter stderr) {
        if (data.startsWith("mnist:") || !whole.train().iterator(1, null).hasNext()) {
            return ConstantColumns.none(source.dims());
        }
        ConstantColumns c = DataDiagnostics.examine(whole.train(), data).constantColumns();
        if (c.isEmpty()) {
            return c;
        }
        if (!dropConstantColumns) {
            throw new DataFormatException("Column(s) " + c.describe() + " of " + data + " are constant in the "
                    + "training rows (" + java.util.Arrays.toString(c.values()) + "): a density of data that do not "
                    + "vary along a direction is unbounded, and training would report an ever-rising, meaningless "
                    + "log-likelihood. Train with --drop-constant-columns to keep them out of the density (a row then "
                    + "has log p = -inf where it differs from the constant), or drop them from the file.");
        }
        if (c.keptDims() == 0) {
            throw new DataFormatException("Every column of " + data + " is constant in the training rows: there is "
                    + "nothing to model");
        }
        stderr.printf(Locale.ROOT, "train: warning: column(s) %s of %s are constant in the training rows (%s): kept "
                + "out of the density; eval and score give a row that differs there log p = -inf%n", c.describe(),
                data, java.util.Arrays.toString(c.values()));
        stderr.flush();
        return c;
    }

    /**
     * Refuses data whose likelihood would be meaningless (constant or dependent columns, too few rows, an empty
     * validation part) and warns about columns on a grid; null for MNIST, which the paper's preprocessing dequantises.
     */
    private DataDiagnostics diagnose(DataSource source, DataSource.Split split, PrintWriter stderr) {
        if (!split.validation().iterator(1, null).hasNext()) {
            throw new DataFormatException("The validation part of " + data + " is empty: no row fell into it with "
                    + "--valid-fraction " + validFraction + " (rows are assigned at random). Use a file with more rows, "
                    + "or a larger --valid-fraction");
        }
        if (data.startsWith("mnist:")) {
            return null;
        }
        DataDiagnostics d = DataDiagnostics.examine(split.train(), data);
        if (d.problem() != null) {
            throw new DataFormatException(d.problem() + ".");
        }
        if (!d.gridColumns().isEmpty() && !data.endsWith(DataSpec.DEQUANTIZE)) {
            stderr.printf(Locale.ROOT, "train: warning: column(s) %s of %s take values on a grid (integers or rounded "
                    + "values): a continuous density can pile its mass onto the grid points%s. To model them as "
                    + "continuous, train on %s%s%n", d.gridColumns(), data,
                    Double.isFinite(d.logLikelihoodBound()) ? String.format(Locale.ROOT, "; every column is on a "
                    + "grid, so a validation log-likelihood above %.4f (-sum log step) stops training", d
                    .logLikelihoodBound()) : "", data, DataSpec.DEQUANTIZE);
            stderr.flush();
        }
        return d;
    }

    /** Σ log|det W| over the invertible dense layers: what DL4J's training score leaves out (one LU per layer). */
    private static double weightLogDets(FlowNetwork net) {
        double sum = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof InvertibleDenseLayerImpl) {
                sum += ((InvertibleDenseLayerImpl) layer).logAbsDetW();
            }
        }
        return sum;
    }

    private MultiLayerConfiguration configuration(int depth, int dims, ColumnStats stats, long batchesPerEpoch,
            TrainingPlan plan) {
        double[] scale = null;
        if (standardize) {
            scale = stats.std().clone();
            for (int i = 0; i < scale.length; i++) {
                if (!(scale[i] > 0)) {
                    throw new DataFormatException("Column " + (i + 1) + " of " + data + " is constant in the "
                            + "training part (standard deviation 0): a density of data that do not vary along one "
                            + "direction is unbounded. Drop that column");
                }
            }
        }
        DataType type = "double".equals(precision) || ("auto".equals(precision) && dims <= 32) ? DataType.DOUBLE
                : DataType.FLOAT;
        return new FlowArchitecture(depth, plan.activation(), alpha, gradient.mode,
                splineBins, splineTailBound, plan.init())
                .configuration(dims, standardize ? stats.mean() : null, scale,
                        DecayingAdam.of(plan.lr(), plan.lrDecay(), (long) plan.epochs() * batchesPerEpoch), type, seed.value());
    }

    private ObjectNode metadata(ObjectNode m, DataSource source, ConstantColumns constants, int depth,
            TrainingPlan plan) {
        if (!constants.isEmpty()) {
            constants.writeTo(m.putObject("constantColumns"));
        }
        m.put("data", data);
        m.put("dataset", source.name());
        m.put("dims", source.dims());
        m.put("seed", seed.value());
        m.put("layers", depth);
        m.put("activation", plan.activation().cliName());
        m.put("init", plan.init().cliName());
        m.put("alpha", alpha);
        if (plan.activation().hasSpline()) {
            m.put("splineBins", splineBins);
            m.put("splineTailBound", splineTailBound);
        }
        m.put("gradient", gradient.name());
        m.put("standardized", standardize);
        return m;
    }

    private void validate() {
        batchOption.value(); // checks it
        try {
            TrainingPlan.check(layers, epochs, patience, lr, lrDecay, init, activation);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
        positive("--check-every", checkEvery);
        if (!(checkpointSeconds >= 0)) {
            fail("'--checkpoint-seconds' must be >= 0, got " + checkpointSeconds);
        }
        if (!(alpha > 0 && alpha < 1)) {
            fail("'--alpha' must lie strictly between 0 and 1, got " + alpha);
        }
        if (!(validFraction > 0 && validFraction < 1)) {
            fail("'--valid-fraction' must lie strictly between 0 and 1, got " + validFraction);
        }
        if (!precision.equals("auto") && !precision.equals("float") && !precision.equals("double")) {
            fail("'--precision' must be auto, float or double, got '" + precision + "'");
        }
        if (splineBins < 2 || splineBins > RationalQuadraticSplineLayer.MAX_BINS) {
            fail("'--spline-bins' must be between 2 and " + RationalQuadraticSplineLayer.MAX_BINS + ", got "
                    + splineBins);
        }
        if (!(splineTailBound > 0) || !Double.isFinite(splineTailBound)) {
            fail("'--spline-tail-bound' must be a positive number, got " + splineTailBound);
        }
        if (!TrainingPlan.activation(activation, data.startsWith("mnist:")).hasSpline()) {
            for (String option : new String[] {"--spline-bins", "--spline-tail-bound"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    fail("'" + option + "' applies only to --activation spline or smooth-leaky-relu+spline, not "
                            + TrainingPlan.activation(activation, data.startsWith("mnist:")).cliName());
                }
            }
        }
    }

    private void positive(String option, int value) {
        if (value <= 0) {
            fail("'" + option + "' must be positive, got " + value);
        }
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }
}
