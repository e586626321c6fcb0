package org.relgrad.examples.lab.bench;

import org.bytedeco.javacpp.IntPointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The floor's flop accounting and GEMM shapes, and the host BLAS/LAPACK calls the baselines rely on. */
class BlasFloorTest {

    @Test
    void floorCountsFourGemmsOf2BD2FlopsPerLayerLessTheInputGradient() {
        // 8·B·D² per layer, less the first layer's ε = δWᵀ (2·B·D²), which the step never computes
        assertEquals(14L * 100 * 1024 * 1024, BlasFloor.flops(100, 1024, 2));
        assertEquals(6L * 10 * 784 * 784, BlasFloor.flops(10, 784, 1));
        assertEquals(22L * 100 * 4096 * 4096, BlasFloor.flops(100, 4096, 3));

        List<BlasFloor.Gemm> gemms = BlasFloor.layerGemms(100, 512);
        assertEquals(4, gemms.size());
        for (BlasFloor.Gemm g : gemms) {
            assertEquals(2L * 100 * 512 * 512, g.flops(), g.what());
        }
        // three [B,D]x[D,D] products (forward, ε = δWᵀ, yWᵀ) and one [D,B]x[B,D] (the relative W gradient)
        assertEquals(3, gemms.stream().filter(g -> g.m() == 100 && g.n() == 512 && g.k() == 512).count());
        assertEquals(1, gemms.stream().filter(g -> g.m() == 512 && g.n() == 512 && g.k() == 100 && g.transA())
                .count());
        assertEquals(2, gemms.stream().filter(BlasFloor.Gemm::transB).count());
    }

    @Test
    void floorStepRuns() {
        try (BlasFloor floor = new BlasFloor(8, 16, 2, 1)) {
            floor.run();
            floor.run();
        }
    }

    @Test
    void hostGemmMatchesNd4jOnArraysAndViews() {
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray flat = Nd4j.rand(t, 1, 200);
            INDArray w = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(17, 17 + 25)).reshape('c', 5, 5);
            INDArray x = Nd4j.rand(t, 3, 5);
            double tol = t == DataType.DOUBLE ? 1e-12 : 1e-5;
            INDArray c = Nd4j.create(t, 3, 5);
            HostBlas.gemm(x, false, w, false, c);
            assertEquals(0, c.sub(x.mmul(w)).amaxNumber().doubleValue(), tol);
            HostBlas.gemm(x, false, w, true, c);
            assertEquals(0, c.sub(x.mmul(w.transpose())).amaxNumber().doubleValue(), tol);
            INDArray g = Nd4j.create(t, 5, 5);
            HostBlas.gemm(x, true, x, false, g);
            assertEquals(0, g.sub(x.transpose().mmul(x)).amaxNumber().doubleValue(), tol);
        }
    }

    @Test
    void hostGemmRejectsOperandsThatDoNotFit() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray b = Nd4j.rand(DataType.FLOAT, 4, 4);
        INDArray c = Nd4j.create(DataType.FLOAT, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> HostBlas.gemm(a, false, b, false,
                Nd4j.create(DataType.FLOAT, 4, 4)));
        assertThrows(IllegalArgumentException.class, () -> HostBlas.gemm(false, false, 3, 4, 4, 1, a, 1, 4, b, 0, 4,
                0, c, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> HostBlas.gemm(a, false, b.dup('f'), false, c));
        assertThrows(IllegalArgumentException.class, () -> HostBlas.gemm(a.castTo(DataType.DOUBLE), false, b, false,
                c));
    }

    @Test
    void inverseInPlaceGivesTheInverseAndLogDet() {
        INDArray m = Nd4j.createFromArray(new double[][] {{2, 1, 0}, {0, 3, 1}, {1, 0, 4}});
        INDArray stack = Nd4j.create(DataType.DOUBLE, 2, 3, 3);
        stack.get(NDArrayIndex.point(1)).assign(m);
        try (IntPointer piv = new IntPointer(3)) {
            double logDet = HostBlas.invertInPlace(stack, 9, 3, piv);
            assertEquals(Math.log(25), logDet, 1e-12); // det = 2·12 − 1·(−1) = 25
            INDArray inv = stack.get(NDArrayIndex.point(1));
            assertTrue(inv.mmul(m).equalsWithEps(Nd4j.eye(3).castTo(DataType.DOUBLE), 1e-12), inv.toString());
            assertEquals(0, stack.get(NDArrayIndex.point(0)).amaxNumber().doubleValue());
            assertThrows(ArithmeticException.class, () -> HostBlas.invertInPlace(Nd4j.create(DataType.DOUBLE, 3, 3), 0,
                    3, piv));
        }
    }
}
