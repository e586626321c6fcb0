package org.relgrad.examples.train;

import org.relgrad.io.AtomicFiles;
import org.relgrad.io.ModelFile;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.flow.Flow;
import org.relgrad.examples.options.SeedOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code relgrad sample}: draws from a trained model into a CSV file. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw N samples from a model and write them as CSV (header x1..xD), in the data's units.",
            "The file appears only once complete (written under a temporary name, then renamed).", ""})
public class SampleCommand implements Callable<Integer> {
    private static final int CHUNK = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model from relgrad train, or a flow saved with DL4J's ModelSerializer (a "
                    + "MultiLayerNetwork or ComputationGraph of invertible layers and a density output layer).")
    Path model;

    @Option(names = {"-n", "--n"}, required = true, paramLabel = "N", description = "Number of samples.")
    long n;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write the samples.")
    Path out;

    @Mixin
    SeedOption seed;

    @Override
    public Integer call() throws IOException {
        if (n <= 0) {
            throw new ParameterException(spec.commandLine(), "'-n' must be positive, got " + n);
        }
        Flow flow = ModelFile.loadFlow(model);
        AtomicFiles.write(out, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (int i = 1; i <= flow.dims(); i++) {
                    w.write(i == 1 ? "x1" : ",x" + i);
                }
                w.newLine();
                long chunkIndex = 0;
                for (long done = 0; done < n; done += CHUNK, chunkIndex++) {
                    // one seed per chunk, derived from --seed, so N samples are the first N of any larger draw
                    INDArray x = flow.sample((int) Math.min(CHUNK, n - done), seed.value() * 1_000_003L + chunkIndex);
                    writeRows(w, x);
                }
            }
        });
        spec.commandLine().getOut().printf("%d samples: %s%n", n, out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void writeRows(BufferedWriter w, INDArray x) throws IOException {
        double[] v = x.dup('c').data().asDouble();
        int d = (int) x.columns();
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < x.rows(); r++) {
            line.setLength(0);
            for (int c = 0; c < d; c++) {
                if (c > 0) {
                    line.append(',');
                }
                line.append(v[r * d + c]);
            }
            w.write(line.toString());
            w.newLine();
        }
    }
}
