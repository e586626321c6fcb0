package org.relgrad.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.data.BaseBatchIterator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.LongPredicate;

/**
 * Float32 mini-batches [b, D] streamed from a CSV file, one pass per epoch: the file is reopened at every reset and
 * closed when the pass ends, so no more than a bounded buffer of rows is ever held.
 *
 * <p>With a shuffle seed the order is a <em>buffer shuffle</em>: rows enter a buffer of up to
 * {@value #SHUFFLE_BUFFER_ROWS} rows (fewer for very wide rows, at most {@value #SHUFFLE_BUFFER_FLOATS} floats) and
 * each output row is drawn uniformly from the buffer and replaced by the next row of the file. Every row is still
 * produced exactly once per epoch, in an order that changes every epoch (generator seeded by seed + epoch), but a row
 * can only move about a buffer's length from its place in the file: a file sorted by some feature should be shuffled
 * on disk once.
 *
 * <p>Without a seed the buffer holds the single next row (the look-ahead {@link #hasNext()} needs), giving file order
 * with the same code path.
 */
final class CsvBatchIterator extends BaseBatchIterator {
    static final int SHUFFLE_BUFFER_ROWS = 16_384;
    static final int SHUFFLE_BUFFER_FLOATS = 1 << 24;

    private final Path path;
    private final int dims;
    private final LongPredicate rows;
    private final Long shuffleSeed;
    private final float[] buffer;
    private final int capacity;
    private int buffered;
    private boolean filled;
    private CsvRows reader;
    private Random random;
    private long epoch;

    /**
     * @param rows        which data rows (by 0-based index) to produce; null for all
     * @param shuffleSeed seed of the buffer shuffle, null for file order
     */
    CsvBatchIterator(Path path, int dims, LongPredicate rows, int batchSize, Long shuffleSeed) {
        super(batchSize);
        this.path = path;
        this.dims = dims;
        this.rows = rows;
        this.shuffleSeed = shuffleSeed;
        this.capacity = shuffleSeed == null ? 1
                : Math.max(1, Math.min(SHUFFLE_BUFFER_ROWS, SHUFFLE_BUFFER_FLOATS / dims));
        this.buffer = new float[capacity * dims];
        this.random = shuffleSeed == null ? null : new Random(shuffleSeed);
    }

    @Override
    public boolean hasNext() {
        if (!filled) {
            reader = CsvRows.reopen(path, dims);
            filled = true;
            while (buffered < capacity && readRowInto(buffered)) {
                buffered++;
            }
        }
        return buffered > 0;
    }

    @Override
    public DataSet next(int num) {
        if (num <= 0) {
            throw new IllegalArgumentException("Number of examples must be positive, got " + num);
        }
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        float[] out = new float[Math.multiplyExact(num, dims)];
        int n = 0;
        while (n < num && buffered > 0) {
            int slot = random == null ? 0 : random.nextInt(buffered);
            System.arraycopy(buffer, slot * dims, out, n * dims, dims);
            n++;
            if (!readRowInto(slot)) {
                buffered--;
                System.arraycopy(buffer, buffered * dims, buffer, slot * dims, dims);
            }
        }
        float[] rowsOut = n * dims == out.length ? out : Arrays.copyOf(out, n * dims);
        return preProcessed(new DataSet(Nd4j.create(rowsOut, new long[] {n, dims}, DataType.FLOAT), null));
    }

    /** Reads the next selected row into buffer slot {@code slot}; false, with the file closed, at its end. */
    private boolean readRowInto(int slot) {
        if (reader == null) {
            return false;
        }
        try {
            while (reader.advance()) {
                if (rows == null || rows.test(reader.index())) {
                    double[] v = reader.values();
                    int offset = slot * dims;
                    for (int j = 0; j < dims; j++) {
                        buffer[offset + j] = (float) v[j];
                    }
                    return true;
                }
            }
        } catch (RuntimeException e) {
            closeReader();
            throw e;
        }
        closeReader();
        return false;
    }

    private void closeReader() {
        if (reader != null) {
            CsvRows r = reader;
            reader = null;
            r.close();
        }
    }

    /** Starts the next epoch: closes the file (it is reopened lazily) and draws a new shuffle order. */
    @Override
    public void reset() {
        closeReader();
        buffered = 0;
        filled = false;
        epoch++;
        if (shuffleSeed != null) {
            random = new Random(shuffleSeed + epoch);
        }
    }

    @Override
    public int inputColumns() {
        return dims;
    }

    @Override
    public int totalOutcomes() {
        return 0;
    }
}
