package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemoryExampleSourceTest {

    @Test
    void doubleInputIsBatchedAsFloat32() {
        double[][] table = DataTestSupport.randomTable(10, 3, 1);
        InMemoryExampleSource source = new InMemoryExampleSource(Nd4j.create(table), "t");
        assertEquals(3, source.dims());
        assertEquals(10, source.size());
        List<float[]> rows = DataTestSupport.drain(source.iterator(4, null));
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals((float) table[i][j], rows.get(i)[j], 0f);
            }
        }
    }

    @Test
    void shuffledEpochsHaveTheSameRowsInNewOrders() {
        InMemoryExampleSource source = new InMemoryExampleSource(Nd4j.create(DataTestSupport.randomTable(200, 2, 2)),
                "t");
        List<String> fileOrder = DataTestSupport.keys(DataTestSupport.drain(source.iterator(32, null)));
        DataSetIterator it = source.iterator(32, 5L);
        List<String> first = DataTestSupport.keys(DataTestSupport.drain(it));
        it.reset();
        List<String> second = DataTestSupport.keys(DataTestSupport.drain(it));
        assertNotEquals(first, second);
        assertNotEquals(fileOrder, first);
        List<String> a = new ArrayList<>(fileOrder);
        List<String> b = new ArrayList<>(second);
        Collections.sort(a);
        Collections.sort(b);
        assertEquals(a, b);
    }

    @Test
    void statsEqualATwoPassComputationOverManyChunks() {
        int n = 10_000;
        double[][] table = DataTestSupport.randomTable(n, 2, 3);
        for (double[] row : table) {
            row[0] = (float) (row[0] + 100); // representable in float32, so the expectation is exact
            row[1] = (float) row[1];
        }
        INDArray x = Nd4j.create(table).castTo(DataType.FLOAT);
        ColumnStats stats = new InMemoryExampleSource(x, "t").stats();
        assertEquals(n, stats.count());
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            for (double[] row : table) {
                mean += row[j];
            }
            mean /= n;
            double var = 0;
            for (double[] row : table) {
                var += (row[j] - mean) * (row[j] - mean);
            }
            assertEquals(mean, stats.mean()[j], 1e-9 * Math.abs(mean));
            assertEquals(Math.sqrt(var / n), stats.std()[j], 1e-9 * Math.sqrt(var / n));
        }
    }

    @Test
    void statsAreCached() {
        InMemoryExampleSource source = new InMemoryExampleSource(Nd4j.ones(3, 2), "t");
        assertSame(source.stats(), source.stats());
    }

    @Test
    void emptyOrNonMatrixInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryExampleSource(Nd4j.ones(3), "t"));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryExampleSource(Nd4j.create(DataType.FLOAT, 0,
                2), "t"));
    }
}
