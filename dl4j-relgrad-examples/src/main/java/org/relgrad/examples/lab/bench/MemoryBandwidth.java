package org.relgrad.examples.lab.bench;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.relgrad.cpu.ParallelRange;

import java.util.Arrays;

/**
 * The machine's memory bandwidth as a copy between two buffers far larger than the caches sees it, with the fused
 * updater's threads: the rate at which a memory-bound pass over the parameters, their gradient and the updater's
 * state can run at best.
 */
final class MemoryBandwidth {
    static final long BUFFER_BYTES = 256L << 20;
    static final int REPS = 7;

    private MemoryBandwidth() {
    }

    /** Bytes per second moved (read plus written), median of {@link #REPS} copies. */
    static double bytesPerSecond() {
        try (BytePointer a = new BytePointer(BUFFER_BYTES); BytePointer b = new BytePointer(BUFFER_BYTES)) {
            Pointer.memset(a, 1, BUFFER_BYTES);
            Pointer.memset(b, 2, BUFFER_BYTES);
            double[] s = new double[REPS];
            for (int r = 0; r < REPS; r++) {
                long t0 = System.nanoTime();
                ParallelRange.run(BUFFER_BYTES, (from, to) -> Pointer.memcpy(
                        new BytePointer(b).position(from), new BytePointer(a).position(from), to - from));
                s[r] = (System.nanoTime() - t0) * 1e-9;
            }
            Arrays.sort(s);
            return 2.0 * BUFFER_BYTES / s[REPS / 2];
        }
    }

    /**
     * Array passes of one ideal update step per parameter: Adam reads parameter, gradient and both moments and writes
     * parameter and moments (7); SGD reads parameter and gradient and writes the parameter (3).
     */
    static int arrayPasses(String updater) {
        return updater.equals("sgd") ? 3 : 7;
    }
}
