package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CsvBatchIteratorTest {
    @TempDir
    Path dir;

    private static List<String> sorted(List<String> keys) {
        List<String> copy = new ArrayList<>(keys);
        Collections.sort(copy);
        return copy;
    }

    @Test
    void fileOrderBatchesHoldTheValuesAsFloat32() {
        double[][] table = DataTestSupport.randomTable(23, 3, 3);
        Path file = DataTestSupport.writeCsv(dir.resolve("t.csv"), "a,b,c", table);
        CsvBatchIterator it = new CsvBatchIterator(file, 3, null, 5, null);
        List<Long> batchSizes = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            batchSizes.add(ds.getFeatures().size(0));
            for (float[] row : ds.getFeatures().toFloatMatrix()) {
                rows.add(row);
            }
        }
        assertEquals(List.of(5L, 5L, 5L, 5L, 3L), batchSizes);
        for (int i = 0; i < table.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals((float) table[i][j], rows.get(i)[j], 0f, "row " + i + " column " + j);
            }
        }
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void shuffleKeepsTheMultisetAndChangesTheOrderEveryEpoch() {
        Path file = DataTestSupport.writeCsv(dir.resolve("s.csv"), null, DataTestSupport.randomTable(500, 2, 4));
        List<String> fileOrder = DataTestSupport.keys(DataTestSupport.drain(new CsvBatchIterator(file, 2, null, 64,
                null)));
        CsvBatchIterator it = new CsvBatchIterator(file, 2, null, 64, 11L);
        List<String> first = DataTestSupport.keys(DataTestSupport.drain(it));
        it.reset();
        List<String> second = DataTestSupport.keys(DataTestSupport.drain(it));
        assertEquals(sorted(fileOrder), sorted(first));
        assertEquals(sorted(fileOrder), sorted(second));
        assertNotEquals(fileOrder, first);
        assertNotEquals(first, second);
        // the same seed replays the same epochs
        assertEquals(first, DataTestSupport.keys(DataTestSupport.drain(new CsvBatchIterator(file, 2, null, 64,
                11L))));
    }

    @Test
    void fileLargerThanTheShuffleBufferIsReadInFull() {
        int rows = CsvBatchIterator.SHUFFLE_BUFFER_ROWS * 3 + 1_000;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(',').append(-i).append(',').append(i % 7).append('\n');
        }
        Path file = DataTestSupport.write(dir.resolve("big.csv"), sb.toString());
        List<float[]> read = DataTestSupport.drain(new CsvBatchIterator(file, 3, null, 1000, 5L));
        assertEquals(rows, read.size());
        boolean[] seen = new boolean[rows];
        int displaced = 0;
        for (int k = 0; k < read.size(); k++) {
            int i = (int) read.get(k)[0];
            assertFalse(seen[i], "row " + i + " twice");
            seen[i] = true;
            assertArrayEquals(new float[] {i, -i, i % 7}, read.get(k));
            if (Math.abs(i - k) > CsvBatchIterator.SHUFFLE_BUFFER_ROWS / 2) {
                displaced++;
            }
        }
        // rows move up to about a buffer length: the shuffle really mixes within the buffer
        assertTrue(displaced > rows / 10, "displaced " + displaced);
    }

    @Test
    void resetMidEpochStartsAgainFromTheTop() {
        Path file = DataTestSupport.writeCsv(dir.resolve("r.csv"), null, DataTestSupport.randomTable(30, 2, 6));
        CsvBatchIterator it = new CsvBatchIterator(file, 2, null, 4, null);
        List<String> full = DataTestSupport.keys(DataTestSupport.drain(it));
        it.reset();
        it.next();
        it.next();
        it.reset();
        assertEquals(full, DataTestSupport.keys(DataTestSupport.drain(it)));
    }

    @Test
    void rowFilterSelectsByDataRowIndex() {
        Path file = DataTestSupport.write(dir.resolve("f.csv"), "h\n0\n\n1\n2\n3\n4\n5\n");
        List<float[]> rows = DataTestSupport.drain(new CsvBatchIterator(file, 1, i -> i % 2 == 1, 2, null));
        assertEquals(List.of("[1.0]", "[3.0]", "[5.0]"), DataTestSupport.keys(rows));
    }

    @Test
    void malformedRowFailsWhenReached() {
        Path file = DataTestSupport.write(dir.resolve("late.csv"), "1,2\n3,4\n5,x\n");
        CsvBatchIterator it = new CsvBatchIterator(file, 2, null, 1, null);
        assertEquals(1, it.next().getFeatures().rows());
        DataFormatException e = assertThrows(DataFormatException.class, () -> {
            while (it.hasNext()) {
                it.next();
            }
        });
        assertTrue(e.getMessage().contains("late.csv: line 3, column 2"), e.getMessage());
    }

    @Test
    void preProcessorIsAppliedToEveryBatch() {
        Path file = DataTestSupport.write(dir.resolve("p.csv"), "1\n2\n3\n");
        CsvBatchIterator it = new CsvBatchIterator(file, 1, null, 2, null);
        DataSetPreProcessor doubler = ds -> ds.getFeatures().muli(2);
        it.setPreProcessor(doubler);
        assertSame(doubler, it.getPreProcessor());
        assertEquals(List.of("[2.0]", "[4.0]", "[6.0]"), DataTestSupport.keys(DataTestSupport.drain(it)));
    }

    @Test
    void describesItselfToDl4j() {
        CsvBatchIterator it = new CsvBatchIterator(dir.resolve("unused.csv"), 4, null, 32, null);
        assertEquals(4, it.inputColumns());
        assertEquals(0, it.totalOutcomes());
        assertEquals(32, it.batch());
        assertTrue(it.resetSupported());
        assertFalse(it.asyncSupported());
        assertEquals(null, it.getLabels());
        assertThrows(IllegalArgumentException.class, () -> new CsvBatchIterator(dir.resolve("x"), 1, null, 0, null));
    }

    @Test
    void fileIsClosedAtTheEndOfAPassAndOnReset() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc to count open files");
        Path file = DataTestSupport.writeCsv(dir.resolve("fd.csv"), null, DataTestSupport.randomTable(100, 2, 8));
        CsvBatchIterator it = new CsvBatchIterator(file, 2, null, 10, null);
        it.next();
        assertEquals(1, openHandles(fds, file));
        it.reset();
        assertEquals(0, openHandles(fds, file));
        DataTestSupport.drain(it);
        assertEquals(0, openHandles(fds, file));
        // a shuffle buffer larger than the file takes all rows at once and closes the file before the first batch
        CsvBatchIterator shuffled = new CsvBatchIterator(file, 2, null, 10, 3L);
        shuffled.next();
        assertEquals(0, openHandles(fds, file));
    }

    private static long openHandles(Path fds, Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> links = Files.list(fds)) {
            return links.filter(link -> {
                try {
                    return Files.readSymbolicLink(link).equals(target);
                } catch (IOException e) {
                    return false; // the descriptor of the listing itself disappears while we look
                }
            }).count();
        }
    }
}
