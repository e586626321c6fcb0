package org.relgrad.cpu;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether the fused CPU kernels run (layers and updaters then work on host memory through Java loops and BLAS), or
 * the plain ND4J-op path that every ND4J backend can take.
 *
 * <p>On by default on ND4J's CPU backend; off on any other backend (CUDA). {@code -Drelgrad.fused=false} or
 * {@link #setEnabled(boolean)} forces the plain path, so both stay tested on CPU and can be compared.
 */
public final class FusedPath {
    private static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    private static final boolean CPU = isCpuBackend();
    private static volatile boolean enabled = CPU && !"false".equalsIgnoreCase(System.getProperty("relgrad.fused"));

    private FusedPath() {
    }

    private static boolean isCpuBackend() {
        try {
            return CPU_BACKEND.equals(Nd4j.getBackend().getClass().getName());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** True if the fused kernels are used. */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * Turns the fused kernels on or off for this process (off: the plain ND4J path). Turning them on has no effect on
     * a backend other than ND4J's CPU backend.
     */
    public static void setEnabled(boolean on) {
        enabled = on && CPU;
    }
}
