package org.relgrad.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.util.Arrays;

/**
 * Columns that are constant in the training data, kept out of the flow: the model is the flow's density of the other
 * columns times a point mass at each constant. A row that matches every constant exactly gets the flow's log p of its
 * other columns; a row that does not has log p = −∞ (anomaly score +∞), which is what such a model says of it — on
 * anomaly tables (a column constant among the normal rows) the most certain detection there is.
 */
public record ConstantColumns(int dims, int[] columns, double[] values) {

    public ConstantColumns {
        columns = columns.clone();
        values = values.clone();
    }

    /** No constant columns. */
    public static ConstantColumns none(int dims) {
        return new ConstantColumns(dims, new int[0], new double[0]);
    }

    public boolean isEmpty() {
        return columns.length == 0;
    }

    /** Width of the flow's input: the columns that are not constant. */
    public int keptDims() {
        return dims - columns.length;
    }

    /** 1-based numbers of the constant columns, e.g. "1, 4". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (int c : columns) {
            b.append(b.length() == 0 ? "" : ", ").append(c + 1);
        }
        return b.toString();
    }

    private long[] keptIndices() {
        long[] kept = new long[keptDims()];
        int k = 0;
        for (int j = 0; j < dims; j++) {
            if (Arrays.binarySearch(columns, j) < 0) {
                kept[k++] = j;
            }
        }
        return kept;
    }

    /** The rows of x [B, D] without the constant columns: [B, D − C]. */
    public INDArray kept(INDArray x) {
        return isEmpty() ? x : x.get(NDArrayIndex.all(), NDArrayIndex.indices(keptIndices())).dup();
    }

    /** Per row of x [B, D], whether it holds every constant exactly. */
    public boolean[] matches(INDArray x) {
        boolean[] m = new boolean[(int) x.rows()];
        for (int r = 0; r < m.length; r++) {
            boolean ok = true;
            for (int c = 0; c < columns.length && ok; c++) {
                ok = x.getDouble(r, columns[c]) == values[c];
            }
            m[r] = ok;
        }
        return m;
    }

    /** log p of the whole rows from the flow's log p of their kept columns: −∞ where a constant does not match. */
    public INDArray logProb(INDArray x, INDArray keptLogProb) {
        boolean[] m = matches(x);
        INDArray out = keptLogProb.dup();
        for (int r = 0; r < m.length; r++) {
            if (!m[r]) {
                out.putScalar(r, Double.NEGATIVE_INFINITY);
            }
        }
        return out;
    }

    /** {@code source} as the flow sees it: batches and statistics of the kept columns only. */
    public ExampleSource apply(ExampleSource source) {
        if (isEmpty()) {
            return source;
        }
        ConstantColumns self = this;
        return new ExampleSource() {
            @Override
            public int dims() {
                return keptDims();
            }

            @Override
            public DataSetIterator iterator(int batch, Long shuffleSeed) {
                return new MappedDataSetIterator(source.iterator(batch, shuffleSeed),
                        ds -> new DataSet(self.kept(ds.getFeatures()), ds.getLabels()));
            }

            @Override
            public ColumnStats stats() {
                ColumnStats s = source.stats();
                long[] kept = keptIndices();
                double[] mean = new double[kept.length];
                double[] std = new double[kept.length];
                for (int k = 0; k < kept.length; k++) {
                    mean[k] = s.mean()[(int) kept[k]];
                    std[k] = s.std()[(int) kept[k]];
                }
                return new ColumnStats(mean, std, s.count());
            }

            @Override
            public String describe() {
                return source.describe() + ", without constant column(s) " + self.describe();
            }
        };
    }

    /** Writes this into {@code n} (for a model file's metadata). */
    public void writeTo(ObjectNode n) {
        n.put("dims", dims);
        ArrayNode cols = n.putArray("columns");
        ArrayNode vals = n.putArray("values");
        for (int c = 0; c < columns.length; c++) {
            cols.add(columns[c]);
            vals.add(values[c]);
        }
    }

    /** The constant columns written by {@link #writeTo}. */
    public static ConstantColumns readFrom(JsonNode n) {
        int[] cols = new int[n.path("columns").size()];
        double[] vals = new double[cols.length];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = n.path("columns").get(c).asInt();
            vals[c] = n.path("values").get(c).asDouble();
        }
        return new ConstantColumns(n.path("dims").asInt(), cols, vals);
    }
}
