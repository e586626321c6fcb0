package org.relgrad.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;


import java.util.Locale;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;

/**
 * A {@link ToyDatasets} density ({@code toy:NAME} or {@code toy:NAME?n=ROWS}): {@code n} generated rows split like
 * a CSV file by {@link RowSplit}, and, since a generator can always draw more, a fresh sample of {@code n} rows from
 * another seed for evaluation, so that "the data as given" is a true test set.
 */
final class ToyDataSource implements DataSource {
    static final int DEFAULT_ROWS = 10_000;
    /** Offset of the evaluation sample's seed: far from the small seeds used for training runs. */
    static final long EVALUATION_SEED_OFFSET = 1_000_003L;

    private final String name;
    private final int rows;
    private final long seed;
    private final INDArray data;

    private ToyDataSource(String name, int rows, long seed) {
        this.name = name;
        this.rows = rows;
        this.seed = seed;
        this.data = ToyDatasets.generate(name, rows, seed);
    }

    /**
     * @param arg  what follows {@code toy:}, e.g. {@code moons} or {@code moons?n=5000}
     * @param seed seed of the training sample
     * @throws IllegalArgumentException for an unknown name (the message lists the valid ones) or option
     */
    static ToyDataSource parse(String arg, long seed) {
        int question = arg.indexOf('?');
        String name = (question < 0 ? arg : arg.substring(0, question)).trim().toLowerCase(Locale.ROOT);
        if (!ToyDatasets.isValid(name)) {
            throw new InvalidDataSpecException("Unknown toy dataset '" + name + "'; valid names: "
                    + String.join(", ", ToyDatasets.NAMES));
        }
        int rows = DEFAULT_ROWS;
        if (question >= 0) {
            for (String option : arg.substring(question + 1).split("&")) {
                if (!option.startsWith("n=")) {
                    throw new InvalidDataSpecException("Unknown option '" + option + "' in toy:" + arg
                            + "; the only option is n=ROWS");
                }
                rows = parseRows(option.substring(2), arg);
            }
        }
        return new ToyDataSource(name, rows, seed);
    }

    private static int parseRows(String value, String arg) {
        try {
            int rows = Integer.parseInt(value.trim());
            if (rows > 0) {
                return rows;
            }
        } catch (NumberFormatException e) {
            // reported below together with the non-positive case
        }
        throw new InvalidDataSpecException("n in toy:" + arg + " must be a positive integer, got '" + value + "'");
    }

    @Override
    public int dims() {
        return data.columns();
    }

    /** @throws IllegalArgumentException for a fraction outside (0, 1) or one that leaves a part empty */
    @Override
    public Split split(double validFraction, long splitSeed) {
        RowSplit split = new RowSplit(validFraction, splitSeed);
        return new Split(part(split::isTrain, "train", validFraction),
                part(split::isValidation, "validation", validFraction));
    }

    private ExampleSource part(LongPredicate selected, String part, double validFraction) {
        int[] indices = IntStream.range(0, rows).filter(selected::test).toArray();
        if (indices.length == 0) {
            throw new InvalidDataSpecException("Validation fraction " + validFraction + " of " + rows
                    + " rows leaves the " + part + " part empty; use more rows (toy:" + name + "?n=...)"
                    + " or another fraction");
        }
        return new InMemoryExampleSource(Nd4j.pullRows(data, 1, indices), name + " (" + part + " part)");
    }

    @Override
    public ExampleSource evaluation() {
        return new InMemoryExampleSource(ToyDatasets.generate(name, rows, seed + EVALUATION_SEED_OFFSET),
                name + " (fresh sample)");
    }

    @Override
    public String name() {
        return name;
    }
}
