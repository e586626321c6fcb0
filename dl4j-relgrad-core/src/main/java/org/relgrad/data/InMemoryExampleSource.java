package org.relgrad.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.relgrad.data.FeatureDataSetIterator;

/**
 * Examples that fit in memory (toy data, MNIST), held as one float32 matrix so that they are batched exactly like the
 * rows of a CSV file, with a full reshuffle every epoch.
 */
public final class InMemoryExampleSource implements ExampleSource {
    private static final int STATS_CHUNK_ROWS = 4096;

    private final INDArray features;
    private final String description;
    private ColumnStats stats;

    /**
     * @param features    [N, D] with N ≥ 1; copied to float32 in c order unless it already is
     * @param description what {@link #describe()} returns
     */
    public InMemoryExampleSource(INDArray features, String description) {
        if (features == null || features.rank() != 2 || features.rows() == 0) {
            throw new IllegalArgumentException("Features must be a non-empty [N, D] matrix");
        }
        this.features = features.dataType() == DataType.FLOAT && features.ordering() == 'c' && !features.isView()
                ? features : features.castTo(DataType.FLOAT).dup('c');
        this.description = description;
    }

    /** Number of examples N. */
    public long size() {
        return features.rows();
    }

    @Override
    public int dims() {
        return features.columns();
    }

    @Override
    public DataSetIterator iterator(int batch, Long shuffleSeed) {
        return new FeatureDataSetIterator(features, batch, shuffleSeed);
    }

    /**
     * Accumulated in double precision over chunks of rows, so neither a float32 sum over many rows loses digits nor
     * a double copy of the whole matrix is made; cached after the first call.
     */
    @Override
    public synchronized ColumnStats stats() {
        if (stats == null) {
            int dims = dims();
            RunningColumnStats running = new RunningColumnStats(dims);
            long n = features.rows();
            for (long start = 0; start < n; start += STATS_CHUNK_ROWS) {
                long end = Math.min(n, start + STATS_CHUNK_ROWS);
                double[] chunk = features.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())
                        .castTo(DataType.DOUBLE).dup('c').data().asDouble();
                for (int offset = 0; offset < chunk.length; offset += dims) {
                    running.add(chunk, offset);
                }
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
