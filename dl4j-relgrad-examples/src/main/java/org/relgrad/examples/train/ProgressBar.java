package org.relgrad.examples.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * One epoch's progress on stderr: batches done (of the total when known), examples per second and a running training
 * NLL. On a terminal the line is redrawn in place a few times a second; otherwise (logs, CI) a line is printed every
 * 30 seconds of a long epoch and at its end, so logs stay short and still show that work goes on.
 */
final class ProgressBar {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final long LOG_LINE_NANOS = 30_000_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long totalBatches;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long batches;
    private long examples;
    private final DoubleSupplier scoreCorrection;
    private double runningScore = Double.NaN;

    /**
     * {@code totalBatches} ≤ 0 when unknown (first pass over a streamed file). {@code scoreCorrection} is added to the
     * running score whenever a line is drawn: DL4J's training score leaves out −Σ log|det W|, which costs an LU per
     * layer, so it is computed per drawn line instead of per step.
     */
    ProgressBar(PrintWriter err, String label, long totalBatches, boolean interactive, DoubleSupplier scoreCorrection) {
        this.err = err;
        this.label = label;
        this.totalBatches = totalBatches;
        this.interactive = interactive;
        this.scoreCorrection = scoreCorrection;
    }

    /** After each mini-batch: its size and the training score DL4J reported for it (without the log|det W| terms). */
    void step(int batchExamples, double score) {
        batches++;
        examples += batchExamples;
        // an exponential average over ~50 batches: the per-batch score is too noisy to read
        runningScore = Double.isNaN(runningScore) ? score : 0.98 * runningScore + 0.02 * score;
        long now = System.nanoTime();
        if (interactive && now - lastDraw > REDRAW_NANOS) {
            lastDraw = now;
            err.print("\r" + line());
            err.flush();
        } else if (!interactive && now - Math.max(lastDraw, start) > LOG_LINE_NANOS) {
            lastDraw = now;
            err.println(line());
            err.flush();
        }
    }

    /** Ends the epoch's line with {@code suffix} (e.g. the validation log-likelihood). */
    void finish(String suffix) {
        err.print((interactive ? "\r" : "") + line() + suffix + System.lineSeparator());
        err.flush();
    }

    long batches() {
        return batches;
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    private String line() {
        double secs = Math.max(seconds(), 1e-9);
        StringBuilder s = new StringBuilder(label).append(' ');
        if (totalBatches > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * batches / totalBatches);
            s.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(batches).append('/').append(totalBatches);
        } else {
            s.append(batches);
        }
        return s.append(String.format(Locale.ROOT, " batches  %,.0f ex/s  train NLL ~%.4f  %.1f s", examples / secs,
                runningScore + scoreCorrection.getAsDouble(), secs)).toString();
    }
}
