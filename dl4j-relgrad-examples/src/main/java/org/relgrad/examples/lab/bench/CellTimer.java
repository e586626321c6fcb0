package org.relgrad.examples.lab.bench;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times repeated runs of one training step: warm-up steps first (untimed), then timed repetitions.
 *
 * <p>With a fixed number of repetitions exactly that many are timed. Otherwise the count adapts to the step's speed:
 * enough repetitions to fill about {@code targetSeconds} (at least {@value #MIN_REPS}, at most {@value #MAX_REPS}),
 * estimated from the fastest warm-up step (or the first timed one). The per-cell budget caps slow cells: once the timed
 * repetitions have used it up the cell stops, keeping at least {@value #MIN_REPS_OVER_BUDGET}; warm-up stops early
 * (after at least one step) once it has used a third of the budget.
 */
final class CellTimer {
    static final int MIN_REPS = 5;
    static final int MIN_REPS_OVER_BUDGET = 3;
    static final int MAX_REPS = 10_000;

    /** Times of the timed repetitions in milliseconds, and how many warm-up steps ran. */
    record Timing(double[] ms, int warmupSteps) {
        double median() {
            double[] v = ms.clone();
            Arrays.sort(v);
            int n = v.length;
            return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
        }

        double min() {
            return Arrays.stream(ms).min().orElse(Double.NaN);
        }

        double max() {
            return Arrays.stream(ms).max().orElse(Double.NaN);
        }

        int reps() {
            return ms.length;
        }
    }

    private final int warmup;
    private final Integer fixedReps;
    private final double targetSeconds;
    private final double budgetSeconds;
    private final double warmupSeconds;
    private final LongSupplier nanoClock;

    /**
     * @param warmup        untimed steps before timing
     * @param fixedReps     exact number of timed repetitions, or null to adapt
     * @param targetSeconds time the adaptive repetitions aim to fill
     * @param budgetSeconds time after which an adaptive cell stops timing
     */
    CellTimer(int warmup, Integer fixedReps, double targetSeconds, double budgetSeconds) {
        this(warmup, 0, fixedReps, targetSeconds, budgetSeconds);
    }

    /**
     * @param warmupSeconds warm up for at least this long too (and at least {@code warmup} steps): the JIT compiles
     *                      the fused kernels' loops only after some thousands of iterations
     */
    CellTimer(int warmup, double warmupSeconds, Integer fixedReps, double targetSeconds, double budgetSeconds) {
        this(warmup, warmupSeconds, fixedReps, targetSeconds, budgetSeconds, System::nanoTime);
    }

    /** @param nanoClock the clock steps are timed with, in nanoseconds ({@code System::nanoTime}; tests pass a fake) */
    CellTimer(int warmup, double warmupSeconds, Integer fixedReps, double targetSeconds, double budgetSeconds,
            LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.warmup = warmup;
        this.warmupSeconds = warmupSeconds;
        this.fixedReps = fixedReps;
        this.targetSeconds = targetSeconds;
        this.budgetSeconds = budgetSeconds;
    }

    private boolean warming(int warmed, double used) {
        boolean wanted = warmed < warmup || (warmup > 0 && used < warmupSeconds);
        return wanted && (warmed == 0 || used < budgetSeconds / 3);
    }

    Timing time(Runnable step) {
        double warmupUsed = 0;
        double fastestWarmup = Double.POSITIVE_INFINITY;
        int warmed = 0;
        while (warming(warmed, warmupUsed)) {
            double t = timeOnce(step);
            warmupUsed += t;
            fastestWarmup = Math.min(fastestWarmup, t);
            warmed++;
        }
        int target = fixedReps != null ? fixedReps : warmed > 0 ? adaptiveReps(fastestWarmup) : MIN_REPS;
        double[] ms = new double[Math.min(target, 64)];
        int n = 0;
        double elapsed = 0;
        while (n < target) {
            double t = timeOnce(step);
            if (n == ms.length) {
                ms = Arrays.copyOf(ms, Math.min(target, 2 * ms.length));
            }
            ms[n++] = t * 1e3;
            elapsed += t;
            if (fixedReps == null) {
                if (warmed == 0 && n == 1) {
                    target = adaptiveReps(t);
                }
                if (elapsed >= budgetSeconds && n >= MIN_REPS_OVER_BUDGET) {
                    break;
                }
            }
        }
        return new Timing(Arrays.copyOf(ms, n), warmed);
    }

    /** Repetitions that fill about {@code targetSeconds} for a step of {@code stepSeconds}, within the limits. */
    /**
     * Times several steps in rounds, one step of each per round, so that slow drifts of a shared machine (another
     * tenant, thermal limits) hit every method alike and their ratios stay meaningful. Warm-up runs per step first.
     * Adaptive rounds aim at {@code targetSeconds} per step on average and stop at the budget times the step count.
     */
    java.util.List<Timing> timeInterleaved(java.util.List<Runnable> steps) {
        int k = steps.size();
        double[] fastest = new double[k];
        int[] warmed = new int[k];
        for (int i = 0; i < k; i++) {
            fastest[i] = Double.POSITIVE_INFINITY;
            double used = 0;
            while (warming(warmed[i], used)) {
                double t = timeOnce(steps.get(i));
                used += t;
                fastest[i] = Math.min(fastest[i], t);
                warmed[i]++;
            }
        }
        double round = 0;
        for (int i = 0; i < k; i++) {
            round += warmed[i] > 0 ? fastest[i] : 0;
        }
        int rounds = fixedReps != null ? fixedReps
                : (int) Math.max(MIN_REPS, Math.min(MAX_REPS, Math.ceil(targetSeconds * k / Math.max(round, 1e-9))));
        double[][] ms = new double[k][rounds];
        int done = 0;
        double elapsed = 0;
        while (done < rounds) {
            for (int i = 0; i < k; i++) {
                double t = timeOnce(steps.get(i));
                ms[i][done] = t * 1e3;
                elapsed += t;
            }
            done++;
            if (fixedReps == null && elapsed >= budgetSeconds * k && done >= MIN_REPS_OVER_BUDGET) {
                break;
            }
        }
        java.util.List<Timing> out = new java.util.ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(new Timing(Arrays.copyOf(ms[i], done), warmed[i]));
        }
        return out;
    }

    int adaptiveReps(double stepSeconds) {
        double want = Math.ceil(targetSeconds / Math.max(stepSeconds, 1e-9));
        return (int) Math.max(MIN_REPS, Math.min(MAX_REPS, want));
    }

    private double timeOnce(Runnable step) {
        long t0 = nanoClock.getAsLong();
        step.run();
        return (nanoClock.getAsLong() - t0) / 1e9;
    }
}
