package org.relgrad.examples.lab.regression;

import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.data.ContextDataSetIterator;
import org.relgrad.earlystopping.ExactNllScoreCalculator;
import org.relgrad.earlystopping.FlowGraphSaver;
import org.relgrad.density.BaseDensity;
import org.relgrad.density.StandardLaplace;
import org.relgrad.density.StandardLogistic;
import org.relgrad.density.StandardNormal;
import org.relgrad.examples.lab.baseline.LinearGaussianRegression;
import org.relgrad.examples.options.ThreadsOption;
import org.relgrad.examples.train.LogLikelihoodSummary;
import org.relgrad.flow.ContextFlow;
import org.relgrad.flow.ContextFlowArchitecture;
import org.relgrad.flow.FlowGraph;
import org.relgrad.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code relgrad-lab regression}: probabilistic regression with a context flow p(y | x) on a CSV table, against the
 * homoscedastic linear-Gaussian regression, over several random splits.
 */
@Command(name = "regression", mixinStandardHelpOptions = true,
        description = {"Conditional density p(targets | other columns) by a context flow vs linear-Gaussian "
            + "regression.",
            "",
            "For each seed the rows are split into test (--test-fraction), validation (--valid-fraction of the rest) "
                + "and training rows. The flow (targets through a standardisation layer and --flow-layers "
                + "invertible layers; the base density's location and log-scale from a tanh network of the "
                + "standardised context) is trained by the relative gradient with DL4J's early-stopping trainer on "
                + "the exact validation NLL. The baseline (least squares with one full residual covariance) is "
                + "fitted on training and validation rows together. Prints the mean test log p(y | x) per row in "
                + "nats, in the targets' own units, per seed and averaged over seeds (± 2 standard errors).",
            ""})
public class RegressionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "CSV",
            description = "A numeric CSV file with a header row naming the columns.")
    Path data;

    @Option(names = "--targets", split = ",", defaultValue = "medv", paramLabel = "NAME",
            description = "The modelled column(s), comma-separated; every other column is the context (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3,4,5", paramLabel = "S",
            description = "Seeds of the splits and the initialisation (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of the rows held out for the test (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--valid-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of the remaining rows for early stopping (default: ${DEFAULT-VALUE}).")
    double validFraction;

    @Option(names = "--flow-layers", split = ",", defaultValue = "1,3", paramLabel = "L",
            description = "Invertible layers on the targets; with several values (and several --base), each "
                    + "combination is trained and the best on the validation rows is tested (default: "
                    + "${DEFAULT-VALUE}).")
    List<Integer> flowLayers;

    @Option(names = "--base", split = ",", defaultValue = "normal,logistic", paramLabel = "NAME",
            description = "Standardised base density shape(s): normal, logistic or laplace (default: "
                    + "${DEFAULT-VALUE}).")
    List<String> bases;

    @Option(names = "--alpha", defaultValue = "0.3", paramLabel = "A",
            description = "Slope of the smooth leaky ReLU (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--hidden", defaultValue = "32", paramLabel = "H",
            description = "Width of the context network's tanh layers (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--hidden-layers", defaultValue = "1", paramLabel = "K",
            description = "Tanh layers of the context network (default: ${DEFAULT-VALUE}).")
    int hiddenLayers;

    @Option(names = "--weight-decay", defaultValue = "1e-3", paramLabel = "W",
            description = "Weight decay of the context network (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--lr", defaultValue = "3e-3", paramLabel = "LR",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B",
            description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "400", paramLabel = "E",
            description = "Most training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "40", paramLabel = "P",
            description = "Stop after this many epochs without a better validation NLL (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Also write one row per seed and model (seed, targets, model, chosen, n_test, test_loglik).")
    Path csv;

    @Mixin
    ThreadsOption threads;

    /** One seed's test log-likelihoods per row. */
    record SeedResult(long seed, int testRows, double flow, double linear, String chosen) {
    }

    /** One trained candidate: its best model and that model's validation log-likelihood. */
    private record Candidate(String name, ContextFlow flow, double validLogLik, int bestEpoch) {
    }

    private BaseDensity base(String name) {
        switch (name.trim()) {
            case "normal":
                return new StandardNormal();
            case "logistic":
                return new StandardLogistic();
            case "laplace":
                return new StandardLaplace();
            default:
                throw new ParameterException(spec.commandLine(), "Unknown --base '" + name + "': use normal, "
                        + "logistic or laplace");
        }
    }

    @Override
    public Integer call() {
        if (!(testFraction > 0 && testFraction < 1 && validFraction > 0 && validFraction < 1)
                || flowLayers.isEmpty() || flowLayers.stream().anyMatch(l -> l < 1) || bases.isEmpty()
                || batch < 1 || epochs < 1 || patience < 1 || !(lr > 0) || seeds.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "fractions must lie in (0, 1), --flow-layers, --batch, "
                    + "--epochs, --patience and --lr must be positive, and --seeds not empty");
        }
        for (String b : bases) {
            base(b);
        }
        threads.apply();
        RegressionTable table;
        try {
            table = RegressionTable.read(data, targets);
            table.split(testFraction, validFraction, seeds.get(0)); // the fractions fit the table
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %d rows, targets %s, context %d columns%n", data.getFileName(), table.rows(),
                String.join(",", targets), table.contextColumns());
        List<SeedResult> results = new ArrayList<>();
        for (long seed : seeds) {
            SeedResult r = runSeed(table, seed);
            results.add(r);
            out.printf(Locale.ROOT, "seed %d: test log p(y | x) per row: flow %.4f, linear Gaussian %.4f (%d test rows,"
                    + " chosen on validation: %s)%n", r.seed(), r.flow(), r.linear(), r.testRows(), r.chosen());
            out.flush();
        }
        LogLikelihoodSummary flow = new LogLikelihoodSummary();
        LogLikelihoodSummary linear = new LogLikelihoodSummary();
        LogLikelihoodSummary gain = new LogLikelihoodSummary();
        for (SeedResult r : results) {
            flow.add(r.flow());
            linear.add(r.linear());
            gain.add(r.flow() - r.linear());
        }
        out.printf(Locale.ROOT, "mean over %d seeds: flow %.3f ± %.3f, linear Gaussian %.3f ± %.3f, flow − linear "
                + "%.3f ± %.3f nats per row (± 2 s.e.)%n", results.size(), flow.mean(), flow.twoStandardErrors(),
                linear.mean(), linear.twoStandardErrors(), gain.mean(), gain.twoStandardErrors());
        out.flush();
        if (csv != null) {
            writeCsv(results);
        }
        return 0;
    }

    private SeedResult runSeed(RegressionTable table, long seed) {
        RegressionTable.Split s = table.split(testFraction, validFraction, seed);
        LinearGaussianRegression linear = LinearGaussianRegression.fit(s.fitContext(), s.fitTargets());
        double linearLogLik = linear.logProb(s.testContext(), s.testTargets()).meanNumber().doubleValue();

        Candidate best = null;
        for (int layers : flowLayers) {
            for (String b : bases) {
                Candidate c = train(s, table, seed, layers, b);
                if (best == null || c.validLogLik() > best.validLogLik()) {
                    best = c;
                }
            }
        }
        double flowLogLik = best.flow().logProb(s.testTargets(), s.testContext()).meanNumber().doubleValue();
        return new SeedResult(seed, (int) s.testTargets().rows(), flowLogLik, linearLogLik, best.name()
                + " epoch " + best.bestEpoch());
    }

    private Candidate train(RegressionTable.Split s, RegressionTable table, long seed, int layers, String baseName) {
        ContextFlowArchitecture arch = new ContextFlowArchitecture(layers, alpha, hiddenLayers, hidden,
                weightDecay, base(baseName));
        FlowGraph graph = new FlowGraph(arch.configuration(table.targetColumns(), table.contextColumns(),
                s.targetMean(), s.targetScale(), new Adam(lr), DataType.DOUBLE, seed));
        graph.init();
        EarlyStoppingConfiguration<ComputationGraph> conf = new EarlyStoppingConfiguration.Builder<ComputationGraph>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(epochs),
                        new ScoreImprovementEpochTerminationCondition(patience))
                .scoreCalculator(new ExactNllScoreCalculator(new ContextDataSetIterator(s.validTargets(),
                        s.validContext(), 1024, null)))
                .modelSaver(new FlowGraphSaver())
                .build();
        EarlyStoppingResult<ComputationGraph> result = new EarlyStoppingGraphTrainer(conf, graph,
                new ContextDataSetIterator(s.trainTargets(), s.trainContext(), batch, seed), null).fit();
        if (result.getTerminationReason() == EarlyStoppingResult.TerminationReason.Error) {
            throw new IllegalStateException("Training failed for seed " + seed + ": "
                    + result.getTerminationDetails());
        }
        // the exact NLL again: DL4J's result reports the saved model's score() rather than the calculator's
        ContextFlow flow = ContextFlow.of(result.getBestModel());
        double validLogLik = flow.meanLogProb(new ContextDataSetIterator(s.validTargets(), s.validContext(), 1024,
                null));
        return new Candidate(layers + " layer" + (layers == 1 ? "" : "s") + " " + baseName + " base", flow,
                validLogLik, result.getBestModelEpoch() + 1);
    }

    private void writeCsv(List<SeedResult> results) {
        StringBuilder b = new StringBuilder("seed,targets,model,chosen,n_test,test_loglik\n");
        String t = String.join(" ", targets);
        for (SeedResult r : results) {
            b.append(String.format(Locale.ROOT, "%d,%s,flow,%s,%d,%.6f%n", r.seed(), t, r.chosen(), r.testRows(), r.flow()));
            b.append(String.format(Locale.ROOT, "%d,%s,linear-gaussian,,%d,%.6f%n", r.seed(), t, r.testRows(),
                    r.linear()));
        }
        try {
            AtomicFiles.write(csv, tmp -> Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + csv + ": " + e.getMessage(), e);
        }
    }
}
