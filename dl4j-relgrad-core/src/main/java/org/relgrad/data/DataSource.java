package org.relgrad.data;

/**
 * A dataset named on the command line by a {@link DataSpec}: how it splits for training, and what "the data as given"
 * means for evaluation.
 */
public interface DataSource {

    /** Number of features per example. */
    int dims();

    /**
     * The training and validation parts. CSV and toy data hold out {@code validFraction} of the rows, chosen by
     * {@code seed} (a row's part depends only on its index and the seed, so a streamed file is split the same way on
     * every pass); MNIST uses the paper's fixed split (first 50,000 training images, last 10,000 for validation).
     */
    Split split(double validFraction, long seed);

    /** The examples evaluated by {@code relgrad eval}: every row of a CSV, the MNIST test set, a fresh toy sample. */
    ExampleSource evaluation();

    /** Name for logs and JSON, e.g. {@code "moons"}, {@code "mnist"}, or the CSV file name. */
    String name();

    /** The two parts of a dataset used by {@code relgrad train}. */
    record Split(ExampleSource train, ExampleSource validation) {
    }
}
