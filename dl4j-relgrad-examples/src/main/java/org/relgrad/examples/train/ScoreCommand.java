package org.relgrad.examples.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.relgrad.data.ConstantColumns;
import org.relgrad.data.DataSource;
import org.relgrad.data.DataSpec;
import org.relgrad.data.MnistPreprocessing;
import org.relgrad.examples.options.BatchOption;
import org.relgrad.examples.options.SeedOption;
import org.relgrad.examples.options.ThreadsOption;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowScorer;
import org.relgrad.io.AtomicFiles;
import org.relgrad.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code relgrad score}: per-row exact log-likelihoods (and latents, per-layer log-dets) of data through a model. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score every row of the data through a model: one output row per input row, in order.",
            "",
            "Columns: logp (exact log-density in nats, in the data's own units: the model's standardisation is part "
                + "of it; for MNIST in the model's logit space, with logp_pixels in pixel space beside it), "
                + "anomaly_score (-logp: higher is rarer); with --latents z1..zD, with --log-dets logdet1..logdetL "
                + "(each invertible layer's log|det| term, in order; logp = base log-density of z + their sum). A "
                + "model trained with --drop-constant-columns gives a row that differs from a training constant "
                + "logp = -Infinity and anomaly_score 1e9 + -log p of its other columns (finite, for ranking "
                + "tools; latents and log-dets are those of its other columns).",
            "",
            "The data are streamed (files larger than memory work) and read like train reads them: a malformed row "
                + "fails with its file, line and column, and nothing is written. The output appears only once "
                + "complete (written under a temporary name, then renamed).",
            ""})
public class ScoreCommand implements Callable<Integer> {
    /**
     * anomaly_score of a row whose logp is -inf (it differs from a training constant): this plus -log p of its other
     * columns, finite so that ranking tools that reject infinities (scikit-learn's AUROC) still put every such row
     * above all others, ordered among themselves by the rest of the row.
     */
    static final double CONSTANT_MISMATCH_SCORE = 1e9;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip",
            description = "A model from relgrad train, or a flow saved with DL4J's ModelSerializer.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "csv:PATH (every row), mnist:DIR (the test set) or toy:NAME[?n=N] (a fresh sample).")
    String data;

    @Option(names = "--out", required = true, paramLabel = "SCORES.csv", description = "Where to write the scores.")
    Path out;

    @Option(names = "--latents", description = "Also write the latents z1..zD.")
    boolean latents;

    @Option(names = "--log-dets", description = "Also write each invertible layer's log|det| term.")
    boolean logDets;

    @Mixin
    BatchOption batchOption;

    @Mixin
    SeedOption seed;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        int batch = batchOption.value();
        threads.apply();
        AtomicFiles.checkWritable(out, "the scores");
        Flow flow = ModelFile.loadFlow(model);
        if (flow.isConditional()) {
            throw new ParameterException(spec.commandLine(), model + " is a conditional flow: score takes "
                    + "unconditional flows (score conditional ones from Java with Flow.scorer().score(x, u))");
        }
        ConstantColumns constants = ModelFile.constantColumns(model, flow.dims());
        int modelDims = constants.isEmpty() ? flow.dims() : constants.dims();
        DataSource source = DataSpec.open(data, seed.value());
        if (source.dims() != modelDims) {
            throw new ParameterException(spec.commandLine(), "The data " + data + " have " + source.dims()
                    + " features but the model " + model + " expects " + modelDims);
        }
        boolean mnist = data.startsWith("mnist:");
        FlowScorer scorer = flow.scorer();
        long[] rows = {0};
        AtomicFiles.write(out, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(header(flow.dims(), scorer.layers(), mnist));
                w.newLine();
                DataSetIterator it = source.evaluation().iterator(batch, null);
                StringBuilder line = new StringBuilder();
                while (it.hasNext()) {
                    DataSet ds = it.next();
                    FlowScorer.Scores s = scorer.score(constants.kept(ds.getFeatures()));
                    // a row that differs from a training constant: log p = -inf (see ConstantColumns)
                    INDArray logps = constants.logProb(ds.getFeatures(), s.logp());
                    INDArray pixels = mnist ? MnistPreprocessing.logDetJacobian(ds.getFeatures()) : null;
                    for (int r = 0; r < s.logp().length(); r++) {
                        line.setLength(0);
                        double logp = logps.getDouble(r);
                        line.append(num(logp));
                        if (mnist) {
                            line.append(',').append(num(logp + pixels.getDouble(r)));
                        }
                        line.append(',').append(num(Double.isInfinite(logp)
                                ? CONSTANT_MISMATCH_SCORE - s.logp().getDouble(r) : -logp));
                        if (latents) {
                            for (int j = 0; j < flow.dims(); j++) {
                                line.append(',').append(num(s.latents().getDouble(r, j)));
                            }
                        }
                        if (logDets) {
                            for (int k = 0; k < scorer.layers(); k++) {
                                line.append(',').append(num(s.layerLogDets().getDouble(r, k)));
                            }
                        }
                        w.write(line.toString());
                        w.newLine();
                    }
                    rows[0] += s.logp().length();
                }
            }
        });
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "score: %,d rows of %s scored into %s%n", rows[0], source.name(), out);
        err.flush();
        return 0;
    }

    private String header(int dims, int layers, boolean mnist) {
        StringBuilder h = new StringBuilder("logp");
        if (mnist) {
            h.append(",logp_pixels");
        }
        h.append(",anomaly_score");
        for (int j = 1; latents && j <= dims; j++) {
            h.append(",z").append(j);
        }
        for (int k = 1; logDets && k <= layers; k++) {
            h.append(",logdet").append(k);
        }
        return h.toString();
    }

    // shortest text that parses back to the same double
    private static String num(double v) {
        return Double.toString(v);
    }
}
