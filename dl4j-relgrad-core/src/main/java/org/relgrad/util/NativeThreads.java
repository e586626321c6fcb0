package org.relgrad.util;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets ND4J's two native thread pools: OpenMP (element-wise ops, reductions, updaters) and OpenBLAS (matrix products,
 * LAPACK).
 *
 * <p>They are separate pools on the same cores. On a small machine, OpenMP threads that spin after each element-wise
 * op steal the cores that the next matrix product needs, and element-wise ops on B×D activations are too small to
 * gain from several threads. On 2 cores one OpenMP thread and two BLAS threads was usually the faster setting for a
 * relative flow step at batch 100, but updaters over millions of parameters (Adam) do prefer several OpenMP threads:
 * measure on your own machine ({@code relgrad bench --threads T --omp-threads T}).
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /**
     * @param blasThreads      threads for matrix products and LAPACK (OpenBLAS)
     * @param openMpThreads    threads for ND4J's element-wise operations (OpenMP)
     */
    public static void set(int blasThreads, int openMpThreads) {
        if (blasThreads < 1 || openMpThreads < 1) {
            throw new IllegalArgumentException("Thread counts must be at least 1, got BLAS " + blasThreads
                    + ", OpenMP " + openMpThreads);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(openMpThreads);
        Nd4j.getEnvironment().setMaxThreads(openMpThreads);
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }
}
