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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NativeThreads.class);
    private static boolean defaultsApplied;
    /** The OpenMP thread count chosen through this class, or 0 if none was. */
    private static volatile int openMp;
    private static volatile int generation;
    private static final ThreadLocal<int[]> APPLIED = ThreadLocal.withInitial(() -> new int[] {-1});

    private NativeThreads() {
    }

    /**
     * Called when the first flow layer is created: gives ND4J's OpenMP pool one thread, as {@link #forFlows} does,
     * unless the user chose a count (environment variable OMP_NUM_THREADS) or opted out with
     * {@code -Drelgrad.nativeThreads=keep}. BLAS threads stay as ND4J set them (one per core).
     */
    public static synchronized void applyFlowDefaultsOnce() {
        if (defaultsApplied) {
            return;
        }
        defaultsApplied = true;
        if (System.getenv("OMP_NUM_THREADS") != null || "keep".equals(System.getProperty("relgrad.nativeThreads"))) {
            return;
        }
        setOpenMp(1);
        LOG.info("dl4j-relgrad: ND4J OpenMP threads set to 1 (fastest for flows; -Drelgrad.nativeThreads=keep or "
                + "OMP_NUM_THREADS to choose yourself)");
    }

    /**
     * The setting flows train fastest with, the default of the command-line tools: {@code blasThreads} for matrix
     * products (0 = one per core) and one OpenMP thread. With the fused kernels only a few small ND4J element-wise
     * ops remain per step, and idle OpenMP threads spin on the cores that BLAS and the fused updater need: at D = 784,
     * batch 10, a step took 3.7–3.9 ms with one OpenMP thread and 5.9–6.8 ms with two, here on 2 cores.
     */
    public static void forFlows(int blasThreads) {
        if (blasThreads < 0) {
            throw new IllegalArgumentException("Thread count must not be negative, got " + blasThreads);
        }
        set(blasThreads == 0 ? Runtime.getRuntime().availableProcessors() : blasThreads, 1);
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
        setOpenMp(openMpThreads);
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }

    private static synchronized void setOpenMp(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        openMp = threads;
        generation++;
        applyToCurrentThread();
    }

    /**
     * Makes the OpenMP thread count chosen here hold for the calling thread too. ND4J's {@code setMaxThreads} does
     * not reach every op: some (pullRows, for one) open OpenMP regions at libgomp's own per-thread count, and the
     * idle team then spins on the cores the next matrix product needs (a 10×784 by 784×784 product after a pullRows
     * took 1.8 ms instead of 0.6 here). libgomp keeps that count per thread, so flow layers call this on the thread
     * that trains; it costs a thread-local read once set.
     */
    public static void applyToCurrentThread() {
        int want = openMp;
        int[] applied = APPLIED.get();
        if (want > 0 && applied[0] != generation) {
            applied[0] = generation;
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(want);
        }
    }
}
