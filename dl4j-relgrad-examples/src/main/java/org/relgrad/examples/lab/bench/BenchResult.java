package org.relgrad.examples.lab.bench;

/**
 * Timing of one cell: one method at one width D, in milliseconds per training step over {@code reps} timed
 * repetitions after {@code warmup} untimed ones.
 */
record BenchResult(String method, int d, int batch, int threads, double medianMs, double minMs, double maxMs,
        int reps, int warmup) {

    static BenchResult of(String method, int d, int batch, int threads, CellTimer.Timing t) {
        return new BenchResult(method, d, batch, threads, t.median(), t.min(), t.max(), t.reps(), t.warmupSteps());
    }
}
