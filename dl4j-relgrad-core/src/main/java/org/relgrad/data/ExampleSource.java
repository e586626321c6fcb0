package org.relgrad.data;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A finite set of feature-only examples of a fixed width, read as often as needed (once per epoch) without holding
 * more than a bounded number of rows in the Java heap when the examples live in a file.
 */
public interface ExampleSource {

    /** Number of features per example. */
    int dims();

    /**
     * Mini-batches of {@code batch} rows, labels null. With a {@code shuffleSeed} the order changes at every reset
     * (a file-backed source may shuffle within a bounded buffer); null keeps file order. A malformed row fails with
     * {@link DataFormatException} naming the file and line, at the latest when the iterator reaches it.
     */
    DataSetIterator iterator(int batch, Long shuffleSeed);

    /** Per-feature mean and standard deviation over all examples (one streaming pass). */
    ColumnStats stats();

    /** A short description for logs and JSON output, e.g. {@code "moons"} or {@code "data.csv (train part)"}. */
    String describe();
}
