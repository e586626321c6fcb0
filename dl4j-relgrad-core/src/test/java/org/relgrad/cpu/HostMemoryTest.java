package org.relgrad.cpu;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostMemoryTest {

    /** Reads every element through host memory and compares with ND4J's own accessor (memory order). */
    private static void assertReadsLikeNd4j(INDArray a) {
        assertTrue(HostMemory.isDense(a), "dense");
        INDArray flat = a.ordering() == 'f' ? a.reshape('f', new long[] {a.length()}) : a.reshape(a.length());
        double[] got = new double[(int) a.length()];
        HostMemory.elements(a).read(0, got, got.length);
        for (int i = 0; i < got.length; i++) {
            assertEquals(flat.getDouble(i), got[i], 0.0, "element " + i);
        }
    }

    @Test
    void readsPlainArraysViewsAndFOrderReshapesOfBothTypes() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray base = Nd4j.arange(0, 120).castTo(t);
            assertReadsLikeNd4j(base);
            INDArray view = base.get(NDArrayIndex.interval(30, 90));
            assertReadsLikeNd4j(view);
            assertReadsLikeNd4j(view.reshape('f', 6, 10));
            assertReadsLikeNd4j(view.get(NDArrayIndex.interval(12, 24)).reshape(3, 4));
            assertReadsLikeNd4j(Nd4j.rand(t, 5, 7).dup('f'));
        }
    }

    @Test
    void readsAndWritesWorkspaceArrays() {
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "HostMemoryTest")) {
            Nd4j.createUninitialized(DataType.FLOAT, 17); // something before, so the array is not at offset 0
            INDArray a = Nd4j.rand(DataType.FLOAT, 4, 9);
            assertReadsLikeNd4j(a);
            double[] v = new double[36];
            for (int i = 0; i < v.length; i++) {
                v[i] = i - 3.5;
            }
            HostMemory.elements(a).write(0, v, v.length);
            assertEquals(-3.5, a.getDouble(0, 0), 0.0);
            assertEquals(32 - 3.5 + 0.0, a.getDouble(3, 5), 0.0);
        }
    }

    @Test
    void windowsStartAtTheirFirstElementWhateverTheOffset() {
        INDArray f = Nd4j.arange(0, 300).castTo(DataType.FLOAT).get(NDArrayIndex.interval(100, 300));
        java.nio.FloatBuffer fw = HostMemory.floatWindow(f, 37, 50);
        assertEquals(50, fw.capacity());
        assertEquals(137.0f, fw.get(0), 0.0f);
        assertEquals(186.0f, fw.get(49), 0.0f);
        INDArray d = Nd4j.arange(0, 300).castTo(DataType.DOUBLE).get(NDArrayIndex.interval(10, 300));
        java.nio.DoubleBuffer dw = HostMemory.doubleWindow(d, 90, 5);
        assertEquals(100.0, dw.get(0), 0.0);
        dw.put(4, -1.0);
        assertEquals(-1.0, d.getDouble(94), 0.0);
    }

    @Test
    void stridedViewsAreNotDense() {
        INDArray m = Nd4j.rand(DataType.FLOAT, 6, 6);
        assertFalse(HostMemory.isDense(m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3))));
        assertFalse(HostMemory.isDenseC(m.transpose()));
        assertTrue(HostMemory.isDenseF(m.transpose()));
    }
}
