package org.relgrad.util;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NativeThreadsTest {

    @Test
    void setsBothPoolsAndRejectsNonPositiveCounts() {
        int blas = Nd4j.factory().blas().getMaxThreads();
        int omp = Nd4j.getEnvironment().maxThreads();
        try {
            NativeThreads.set(2, 1);
            assertEquals(2, Nd4j.factory().blas().getMaxThreads());
            assertEquals(1, Nd4j.getEnvironment().maxThreads());
            assertThrows(IllegalArgumentException.class, () -> NativeThreads.set(0, 1));
            assertThrows(IllegalArgumentException.class, () -> NativeThreads.set(1, -1));
        } finally {
            NativeThreads.set(blas, omp);
        }
    }
}
