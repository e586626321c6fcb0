package org.relgrad.data;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.nio.file.Path;
import java.util.function.LongPredicate;

/**
 * The rows of a CSV file (all, or one part of a {@link RowSplit}) read from disk at every pass instead of held in
 * memory. A part that selects no rows yields no batches, and its {@link #stats()} fail, since there is nothing to
 * standardise by.
 */
final class CsvExampleSource implements ExampleSource {
    private final Path path;
    private final int dims;
    private final LongPredicate rows;
    private final String description;
    private ColumnStats stats;

    /** @param rows which data rows (by 0-based index) belong to this source; null for all */
    CsvExampleSource(Path path, int dims, LongPredicate rows, String description) {
        this.path = path;
        this.dims = dims;
        this.rows = rows;
        this.description = description;
    }

    @Override
    public int dims() {
        return dims;
    }

    @Override
    public DataSetIterator iterator(int batch, Long shuffleSeed) {
        return new CsvBatchIterator(path, dims, rows, batch, shuffleSeed);
    }

    /** Computed in one pass over the file in double precision on first use, then cached. */
    @Override
    public synchronized ColumnStats stats() {
        if (stats == null) {
            RunningColumnStats running = new RunningColumnStats(dims);
            try (CsvRows reader = CsvRows.reopen(path, dims)) {
                while (reader.advance()) {
                    if (rows == null || rows.test(reader.index())) {
                        running.add(reader.values(), 0);
                    }
                }
            }
            if (running.count() == 0) {
                throw new DataFormatException(description + ": no data rows");
            }
            stats = running.toStats();
        }
        return stats;
    }

    @Override
    public String describe() {
        return description;
    }
}
