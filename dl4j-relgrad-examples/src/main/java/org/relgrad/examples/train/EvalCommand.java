package org.relgrad.examples.train;

import org.relgrad.io.ModelFile;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.relgrad.data.DataDiagnostics;
import org.relgrad.data.ConstantColumns;
import org.relgrad.data.DataSource;
import org.relgrad.data.DataSpec;
import org.relgrad.data.MnistPreprocessing;
import org.relgrad.flow.Flow;
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
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code relgrad eval}: the exact mean log-likelihood of a trained model on data, with its standard error. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Mean exact test log-likelihood of a model, in nats per example, ± 2 standard errors.",
            "",
            "The data are taken as given (all rows of a CSV, the MNIST test set in the paper's logit space, a fresh "
                + "sample of a toy dataset); the model's standardisation is part of its density, so the number "
                + "compares with any other model of the same data. For MNIST, bits per dimension in pixel space "
                + "(the logit transform's Jacobian included) are printed too.",
            ""})
public class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model from relgrad train, or a flow saved with DL4J's ModelSerializer (a "
                    + "MultiLayerNetwork or ComputationGraph of invertible layers and a density output layer).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "csv:PATH, mnist:DIR or toy:NAME[?n=N].")
    String data;

    @Option(names = "--json", description = "Print one JSON object (dataset, n, dims, loglik_mean, loglik_2se).")
    boolean json;

    @Mixin
    SeedOption seed;

    @Mixin
    BatchOption batchOption;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        threads.apply();
        Flow flow = ModelFile.loadFlow(model);
        ConstantColumns constants = ModelFile.constantColumns(model, flow.dims());
        int modelDims = constants.isEmpty() ? flow.dims() : constants.dims();
        DataSource source = DataSpec.open(data, seed.value());
        if (source.dims() != modelDims) {
            throw new ParameterException(spec.commandLine(), "The data " + data + " have " + source.dims()
                    + " features but the model " + model + " expects " + modelDims);
        }
        long mismatches = 0;
        boolean mnist = data.startsWith("mnist:");
        LogLikelihoodSummary summary = new LogLikelihoodSummary();
        LogLikelihoodSummary pixelSpace = new LogLikelihoodSummary();
        DataSetIterator it = source.evaluation().iterator(batchOption.value(), null);
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray x = ds.getFeatures();
            INDArray logp = constants.logProb(x, flow.logProb(constants.kept(x)));
            // rows that differ from a training constant have log p = -inf: counted apart, the mean is over the rest
            boolean[] match = constants.matches(x);
            int kept = 0;
            for (boolean m : match) {
                kept += m ? 1 : 0;
            }
            mismatches += match.length - kept;
            if (kept < match.length) {
                double[] finite = new double[kept];
                for (int r = 0, k = 0; r < match.length; r++) {
                    if (match[r]) {
                        finite[k++] = logp.getDouble(r);
                    }
                }
                if (kept == 0) {
                    continue;
                }
                logp = org.nd4j.linalg.factory.Nd4j.createFromArray(finite);
            }
            summary.addAll(logp);
            if (mnist) {
                pixelSpace.addAll(logp.addi(MnistPreprocessing.logDetJacobian(ds.getFeatures()).castTo(logp.dataType())));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        warnIfAboveTheGridBound(source, summary.mean());
        if (mismatches > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "eval: %,d rows differ from the training constant(s) of column(s) %s: their log p "
                    + "is -inf (the model is a point mass there); the mean below is over the other rows%n",
                    mismatches, constants.describe());
            err.flush();
        }
        if (json) {
            ObjectNode o = summary.toJson(source.name(), source.dims());
            o.put("constant_mismatches", mismatches);
            if (mnist) {
                o.put("bits_per_dim", -pixelSpace.mean() / (source.dims() * Math.log(2)));
            }
            out.println(o.toString());
        } else {
            out.println("test log-likelihood: " + summary.describe(source.name(), source.dims()));
            if (mnist) {
                out.printf(Locale.ROOT, "bits/dim in pixel space: %.4f%n",
                        -pixelSpace.mean() / (source.dims() * Math.log(2)));
            }
        }
        out.flush();
        return 0;
    }

    /** A mean log-likelihood above what data on their grid can support is meaningless: say so (see DataDiagnostics). */
    private void warnIfAboveTheGridBound(DataSource source, double mean) {
        if (!data.startsWith("csv:") || data.endsWith(DataSpec.DEQUANTIZE)) {
            return;
        }
        DataDiagnostics d = DataDiagnostics.examine(source.evaluation(), data);
        if (mean > d.logLikelihoodBound()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "eval: warning: the mean log-likelihood %.4f exceeds %.4f = -sum log(step), the "
                    + "most that data whose every column lies on a grid (here) can support: the model piles its mass "
                    + "onto the grid points and the number is meaningless. Train and evaluate on %s%s%n", mean,
                    d.logLikelihoodBound(), data, DataSpec.DEQUANTIZE);
            err.flush();
        }
    }
}
