package org.relgrad.examples.lab.baseline;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.relgrad.data.DataSource;
import org.relgrad.data.DataSpec;
import org.relgrad.examples.train.LogLikelihoodSummary;
import org.relgrad.examples.options.SeedOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code relgrad gaussian}: the full-covariance Gaussian baseline, fitted on one dataset and evaluated on another. */
@Command(name = "gaussian", mixinStandardHelpOptions = true,
        description = {"Fit a full-covariance Gaussian by maximum likelihood to every example of --fit and print "
            + "its mean test log-likelihood on --data (as relgrad eval does for a flow).", ""})
public class GaussianCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fit", required = true, paramLabel = "DATA", description = "Data to fit (all examples).")
    String fitData;

    @Option(names = "--data", required = true, paramLabel = "DATA", description = "Data to evaluate (all examples).")
    String data;

    @Option(names = "--json", description = "Print one JSON object (dataset, n, dims, loglik_mean, loglik_2se).")
    boolean json;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() {
        DataSource train = DataSpec.open(fitData, seed.value());
        DataSource test = DataSpec.open(data, seed.value());
        if (train.dims() != test.dims()) {
            throw new ParameterException(spec.commandLine(), "--fit has " + train.dims() + " features but --data has "
                    + test.dims());
        }
        FullCovarianceGaussian gaussian = FullCovarianceGaussian.fit(train.evaluation());
        LogLikelihoodSummary summary = new LogLikelihoodSummary();
        DataSetIterator it = test.evaluation().iterator(1000, null);
        while (it.hasNext()) {
            summary.addAll(gaussian.logProb(it.next().getFeatures()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(summary.toJson(test.name(), test.dims()));
        } else {
            out.println("full-covariance Gaussian test log-likelihood: " + summary.describe(test.name(),
                    test.dims()));
        }
        out.flush();
        return 0;
    }
}
