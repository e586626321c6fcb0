package org.relgrad.linalg;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.testutil.Dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-threaded OpenBLAS LU overflows a default-size Java thread stack and kills the JVM from D ≈ 100 on; HostLapack
 * must survive being called with two BLAS threads from a thread with a small stack. (If it regresses, the forked test
 * JVM dies and the build fails.)
 */
class HostLapackThreadingTest {

    @Test
    void luAndInverseWithTwoBlasThreadsFromASmallStackThread() throws Exception {
        int before = Nd4j.factory().blas().getMaxThreads();
        Nd4j.factory().blas().setMaxThreads(2);
        try {
            double[] result = new double[2];
            Throwable[] failure = new Throwable[1];
            Thread small = new Thread(null, () -> {
                try {
                    // entries U(-0.5, 0.5) put the spectrum of the random part in a disc of radius ≈ 6.5 around 0,
                    // so + 20·I keeps the condition number near 2 whatever the draw (float inverse to 1e-3 holds)
                    Nd4j.getRandom().setSeed(17);
                    INDArray a = Nd4j.rand(DataType.DOUBLE, 512, 512).subi(0.5).addi(Nd4j.eye(512).muli(20));
                    result[0] = HostLapack.logAbsDet(a);
                    result[1] = Dense.logAbsDet(Dense.of(a));
                    INDArray f = a.castTo(DataType.FLOAT);
                    INDArray prod = HostLapack.inverse(f).mmul(f);
                    assertTrue(prod.equalsWithEps(Nd4j.eye(512).castTo(DataType.FLOAT), 1e-3));
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "small-stack", 512 * 1024);
            small.start();
            small.join();
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
            assertEquals(result[1], result[0], 1e-8 * Math.abs(result[1]));
        } finally {
            Nd4j.factory().blas().setMaxThreads(before);
        }
    }
}
