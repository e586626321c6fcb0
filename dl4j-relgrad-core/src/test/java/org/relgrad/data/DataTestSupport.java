package org.relgrad.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Writing CSV files and draining iterators, shared by the data-source tests. */
final class DataTestSupport {
    private DataTestSupport() {
    }

    /** {@code rows × cols} doubles with varied magnitudes and signs, so round trips exercise exponents too. */
    static double[][] randomTable(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[][] t = new double[rows][cols];
        for (double[] row : t) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4);
            }
        }
        return t;
    }

    /** Writes {@code table} with {@link Double#toString} (shortest exact form), after {@code header} if not null. */
    static Path writeCsv(Path file, String header, double[][] table) {
        StringBuilder sb = new StringBuilder();
        if (header != null) {
            sb.append(header).append('\n');
        }
        for (double[] row : table) {
            StringJoiner line = new StringJoiner(",");
            for (double v : row) {
                line.add(Double.toString(v));
            }
            sb.append(line).append('\n');
        }
        return write(file, sb.toString());
    }

    static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All rows of one pass of {@code it}, checking that every batch is float32 [b, D] without labels. */
    static List<float[]> drain(DataSetIterator it) {
        List<float[]> rows = new ArrayList<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray f = ds.getFeatures();
            assertEquals(DataType.FLOAT, f.dataType());
            assertEquals(2, f.rank());
            assertEquals(it.inputColumns(), f.columns());
            assertNull(ds.getLabels());
            for (float[] row : f.toFloatMatrix()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Rows as strings, for comparing multisets and orders with plain collections. */
    static List<String> keys(List<float[]> rows) {
        List<String> keys = new ArrayList<>(rows.size());
        for (float[] row : rows) {
            keys.add(java.util.Arrays.toString(row));
        }
        return keys;
    }
}
