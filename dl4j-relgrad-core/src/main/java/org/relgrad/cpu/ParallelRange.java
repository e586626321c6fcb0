package org.relgrad.cpu;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a memory-bound loop over [0, n) between the calling thread and a small pool of daemon threads, one per extra
 * core. Work below {@link #MIN_PARALLEL} elements runs on the caller only: waking a pool thread costs tens of µs.
 */
public final class ParallelRange {
    /** Smallest range worth a second thread (a few hundred µs of memory-bound work). */
    public static final long MIN_PARALLEL = 1L << 18;

    private static final int THREADS = Math.max(1, Integer.getInteger("relgrad.updaterThreads",
            Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "relgrad-fused");
        t.setDaemon(true);
        return t;
    });

    private ParallelRange() {
    }

    /** The body of a loop over [from, to). */
    @FunctionalInterface
    public interface Body {
        void run(long from, long to);
    }

    /** Runs {@code body} over [0, n), split into chunk-aligned slices, one per thread. */
    public static void run(long n, Body body) {
        int parts = n < MIN_PARALLEL || POOL == null ? 1 : (int) Math.min(THREADS, n / (MIN_PARALLEL / 2));
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        long slice = ((n / parts) / HostMemory.CHUNK + 1) * HostMemory.CHUNK;
        @SuppressWarnings("unchecked")
        Future<?>[] others = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            long from = Math.min(n, p * slice);
            long to = Math.min(n, from + slice);
            others[p - 1] = POOL.submit(() -> body.run(from, to));
        }
        body.run(0, Math.min(n, slice));
        for (Future<?> f : others) {
            org.relgrad.util.Futures.join(f, "a parallel loop");
        }
    }
}
