package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvDataSourceTest {
    @TempDir
    Path dir;

    /** A file whose first column is the row index, so a row read back says which row it is. */
    private Path indexedFile(int rows) {
        double[][] table = DataTestSupport.randomTable(rows, 3, 9);
        for (int i = 0; i < rows; i++) {
            table[i][0] = i;
        }
        return DataTestSupport.writeCsv(dir.resolve("indexed.csv"), "i,x,y", table);
    }

    private static List<Integer> indices(DataSetIterator it) {
        List<Integer> out = new ArrayList<>();
        for (float[] row : DataTestSupport.drain(it)) {
            out.add((int) row[0]);
        }
        return out;
    }

    @Test
    void splitPartsAreDisjointCoverAllRowsAndAreStable() {
        int n = 10_000;
        DataSource source = CsvDataSource.open(indexedFile(n));
        DataSource.Split split = source.split(0.2, 17);
        List<Integer> train = indices(split.train().iterator(256, null));
        DataSetIterator validIt = split.validation().iterator(256, null);
        List<Integer> valid = indices(validIt);

        Set<Integer> all = new HashSet<>(train);
        all.addAll(valid);
        assertEquals(n, train.size() + valid.size());
        assertEquals(n, all.size());
        assertEquals(0.2 * n, valid.size(), 4 * Math.sqrt(n * 0.2 * 0.8));

        validIt.reset();
        assertEquals(valid, indices(validIt));
        assertEquals(train, indices(split.train().iterator(256, null)));
        // the same seed splits the same way in a freshly opened source; a shuffled pass has the same rows
        List<Integer> reopened = indices(CsvDataSource.open(dir.resolve("indexed.csv")).split(0.2, 17).train()
                .iterator(100, 3L));
        Collections.sort(reopened);
        assertEquals(train, reopened);
    }

    @Test
    void statsEqualATwoPassComputation() {
        double[][] table = DataTestSupport.randomTable(1_000, 3, 10);
        for (double[] row : table) {
            row[2] += 1e4; // large offset: a naive sum of squares would lose the variance
        }
        DataSource source = CsvDataSource.open(DataTestSupport.writeCsv(dir.resolve("st.csv"), null, table));
        ColumnStats stats = source.evaluation().stats();
        assertEquals(1_000, stats.count());
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (double[] row : table) {
                mean += row[j];
            }
            mean /= table.length;
            double var = 0;
            for (double[] row : table) {
                var += (row[j] - mean) * (row[j] - mean);
            }
            double std = Math.sqrt(var / table.length);
            assertEquals(mean, stats.mean()[j], 1e-9 * Math.max(1, Math.abs(mean)), "mean " + j);
            assertEquals(std, stats.std()[j], 1e-9 * std, "std " + j);
        }
    }

    @Test
    void statsOfASplitPartCountOnlyItsRows() {
        DataSource source = CsvDataSource.open(indexedFile(2_000));
        DataSource.Split split = source.split(0.25, 1);
        ExampleSource valid = split.validation();
        ColumnStats stats = valid.stats();
        List<Integer> rows = indices(valid.iterator(500, null));
        assertEquals(rows.size(), stats.count());
        double meanIndex = rows.stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertEquals(meanIndex, stats.mean()[0], 1e-9 * meanIndex);
        assertTrue(valid.stats() == stats, "stats are cached");
    }

    @Test
    void evaluationIsEveryRowInFileOrder() {
        DataSource source = CsvDataSource.open(indexedFile(100));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, indices(source.evaluation().iterator(7, null)));
    }

    @Test
    void namesAndDims() {
        DataSource source = CsvDataSource.open(indexedFile(10));
        assertEquals(3, source.dims());
        assertEquals("indexed.csv", source.name());
        assertEquals("indexed.csv", source.evaluation().describe());
        DataSource.Split split = source.split(0.5, 0);
        assertEquals("indexed.csv (train part)", split.train().describe());
        assertEquals("indexed.csv (validation part)", split.validation().describe());
        assertEquals(3, split.validation().dims());
    }

    @Test
    void emptyPartHasNoBatchesAndStatsFailClearly() {
        Path file = DataTestSupport.write(dir.resolve("one.csv"), "1,2\n");
        DataSource.Split split = CsvDataSource.open(file).split(0.01, 0);
        ExampleSource empty = split.train().iterator(1, null).hasNext() ? split.validation() : split.train();
        assertTrue(!empty.iterator(4, null).hasNext());
        DataFormatException e = assertThrows(DataFormatException.class, empty::stats);
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
    }

    @Test
    void badFractionsAreRejected() {
        DataSource source = CsvDataSource.open(indexedFile(10));
        assertThrows(IllegalArgumentException.class, () -> source.split(0, 1));
        assertThrows(IllegalArgumentException.class, () -> source.split(1, 1));
    }

    @Test
    void openReadsOnlyTheFirstDataRow() {
        // a malformed later row does not stop opening; it fails when a pass reaches it
        Path file = DataTestSupport.write(dir.resolve("later.csv"), "a,b\n1,2\n3,4\n5\n");
        DataSource source = CsvDataSource.open(file);
        assertEquals(2, source.dims());
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.evaluation().stats());
        assertTrue(e.getMessage().contains("later.csv: line 4: expected 2 fields, got 1"), e.getMessage());
        assertArrayEquals(new long[] {1, 2}, source.evaluation().iterator(1, null).next().getFeatures().shape());
    }
}
