package org.relgrad.examples.lab.regression;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.data.DataFormatException;
import org.relgrad.data.DataSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A numeric CSV table cut into targets y and context x by column name, and its random splits, with the context
 * standardised by the training rows' statistics (the targets are standardised inside the flow, by its first layer).
 */
final class RegressionTable {
    private final INDArray targets;
    private final INDArray context;

    private RegressionTable(INDArray targets, INDArray context) {
        this.targets = targets;
        this.context = context;
    }

    /** The rows of one split; "fit" is training and validation rows together (for models without early stopping). */
    record Split(INDArray trainTargets, INDArray trainContext, INDArray validTargets, INDArray validContext,
            INDArray testTargets, INDArray testContext, double[] targetMean, double[] targetScale) {

        INDArray fitTargets() {
            return Nd4j.vstack(trainTargets, validTargets);
        }

        INDArray fitContext() {
            return Nd4j.vstack(trainContext, validContext);
        }
    }

    /** Reads {@code file} (header row required) and takes {@code targetNames} as y, every other column as x. */
    static RegressionTable read(Path file, List<String> targetNames) {
        List<String> header = header(file);
        int[] y = new int[targetNames.size()];
        for (int k = 0; k < y.length; k++) {
            y[k] = header.indexOf(targetNames.get(k).trim());
            if (y[k] < 0) {
                throw new IllegalArgumentException(file + " has no column '" + targetNames.get(k) + "'; its columns "
                        + "are " + String.join(",", header));
            }
        }
        int[] x = java.util.stream.IntStream.range(0, header.size()).filter(j -> Arrays.stream(y).noneMatch(t -> t == j))
                .toArray();
        if (x.length == 0 || Arrays.stream(y).distinct().count() != y.length) {
            throw new IllegalArgumentException("The targets must be distinct columns, and some column must be left "
                    + "as the context");
        }
        DataSetIterator it = DataSpec.open("csv:" + file, 0L).evaluation().iterator(4096, null);
        List<INDArray> parts = new ArrayList<>();
        while (it.hasNext()) {
            parts.add(it.next().getFeatures().castTo(DataType.DOUBLE));
        }
        INDArray all = Nd4j.vstack(parts.toArray(new INDArray[0]));
        return new RegressionTable(columns(all, y), columns(all, x));
    }

    private static List<String> header(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            if (line == null) {
                throw new DataFormatException(file + " is empty");
            }
            List<String> names = new ArrayList<>();
            for (String s : line.split(",", -1)) {
                names.add(s.trim().replace("\"", ""));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static INDArray columns(INDArray m, int[] cols) {
        return Nd4j.pullRows(m.transpose().dup(), 1, cols).transpose().dup();
    }

    long rows() {
        return targets.rows();
    }

    int targetColumns() {
        return (int) targets.columns();
    }

    int contextColumns() {
        return (int) context.columns();
    }

    /** A random split by {@code seed}: test rows, then validation rows from the rest, the others for training. */
    Split split(double testFraction, double validFraction, long seed) {
        int n = (int) rows();
        int[] order = org.relgrad.util.Permutations.shuffled(n, new Random(seed));
        int test = (int) Math.round(n * testFraction);
        int valid = (int) Math.round((n - test) * validFraction);
        if (test < 1 || valid < 1 || n - test - valid <= contextColumns() + 1) {
            throw new IllegalArgumentException("Too few rows (" + n + ") for these fractions and "
                    + contextColumns() + " context columns");
        }
        int[] testRows = Arrays.copyOfRange(order, 0, test);
        int[] validRows = Arrays.copyOfRange(order, test, test + valid);
        int[] trainRows = Arrays.copyOfRange(order, test + valid, n);
        INDArray trainY = Nd4j.pullRows(targets, 1, trainRows);
        INDArray trainX = Nd4j.pullRows(context, 1, trainRows);
        INDArray xMean = trainX.mean(0);
        INDArray xScale = trainX.std(0);
        for (int j = 0; j < xScale.length(); j++) {
            if (!(xScale.getDouble(j) > 0)) {
                throw new IllegalArgumentException("Context column " + (j + 1) + " is constant on the training rows");
            }
        }
        INDArray yScale = trainY.std(0);
        return new Split(trainY, standardized(trainX, xMean, xScale),
                Nd4j.pullRows(targets, 1, validRows), standardized(Nd4j.pullRows(context, 1, validRows), xMean, xScale),
                Nd4j.pullRows(targets, 1, testRows), standardized(Nd4j.pullRows(context, 1, testRows), xMean, xScale),
                trainY.mean(0).toDoubleVector(), yScale.toDoubleVector());
    }

    private static INDArray standardized(INDArray x, INDArray mean, INDArray scale) {
        return x.subRowVector(mean).diviRowVector(scale);
    }
}
