package org.relgrad.examples.lab.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSV format, the timing statistics and the adaptive repetition count (timed on a fake clock: no sleeps). */
class BenchOutputTest {

    @Test
    void csvHeaderAndRows(@TempDir Path dir) throws Exception {
        List<BenchResult> rs = List.of(
                new BenchResult("relative", 1024, 100, 2, 12.34567, 12.0, 13.5, 40, 5),
                new BenchResult("dl4j-dense", 64, 10, 1, 0.123456, 0.1, 0.2, 5000, 5),
                new BenchResult("relative-mnist-b10", 784, 10, 2, 3.5, 3.25, 4.0, 900, 5));
        Path csv = dir.resolve("sub/out.csv");
        BenchCsv.write(csv, rs);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("method,D,batch,threads,median_ms,min_ms,max_ms", lines.get(0));
        assertEquals("relative,1024,100,2,12.3457,12.0000,13.5000", lines.get(1));
        assertEquals("dl4j-dense,64,10,1,0.1235,0.1000,0.2000", lines.get(2));
        assertEquals("relative-mnist-b10,784,10,2,3.5000,3.2500,4.0000", lines.get(3));
        assertEquals(4, lines.size());
        for (String l : lines.subList(1, lines.size())) {
            assertTrue(l.matches("[a-z0-9-]+,\\d+,\\d+,\\d+,\\d+\\.\\d{4},\\d+\\.\\d{4},\\d+\\.\\d{4}"), l);
        }
        // rewriting replaces the file and leaves no temporary file behind
        BenchCsv.write(csv, rs.subList(0, 1));
        assertEquals(2, Files.readAllLines(csv).size());
        try (var files = Files.list(csv.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void timingStatistics() {
        CellTimer.Timing odd = new CellTimer.Timing(new double[] {5, 1, 3}, 2);
        assertEquals(3, odd.median());
        assertEquals(1, odd.min());
        assertEquals(5, odd.max());
        assertEquals(3, odd.reps());
        assertEquals(2.5, new CellTimer.Timing(new double[] {4, 1, 2, 3}, 0).median());
    }

    /**
     * A fake nanosecond clock: each call of a step made by {@link #step} advances it by the next of the step's
     * scripted durations (the last one repeats), so the timer's decisions are exact and independent of the machine.
     */
    private static final class FakeClock implements LongSupplier {
        private long now;

        @Override
        public long getAsLong() {
            return now;
        }

        Runnable step(int[] calls, double... seconds) {
            return () -> {
                int k = calls[0]++;
                now += Math.round(seconds[Math.min(k, seconds.length - 1)] * 1e9);
            };
        }
    }

    private static void assertAllEqual(double expectedMs, CellTimer.Timing t) {
        for (double v : t.ms()) {
            assertEquals(expectedMs, v, 1e-9, Arrays.toString(t.ms()));
        }
    }

    @Test
    void fixedRepsAreExact() {
        FakeClock clock = new FakeClock();
        int[] calls = {0};
        CellTimer.Timing t = new CellTimer(3, 0, 7, 3, 60, clock).time(clock.step(calls, 0.002));
        assertEquals(7, t.reps());
        assertEquals(3, t.warmupSteps());
        assertEquals(10, calls[0]);
        assertAllEqual(2.0, t);
    }

    @Test
    void adaptiveRepsFillTheTargetWithinLimits() {
        CellTimer timer = new CellTimer(5, null, 3, 60);
        assertEquals(CellTimer.MIN_REPS, timer.adaptiveReps(10));
        assertEquals(300, timer.adaptiveReps(0.01));
        assertEquals(CellTimer.MAX_REPS, timer.adaptiveReps(1e-7));
        // a 0.3 s step and a 2 s target: ceil(2 / 0.3) = 7 repetitions
        FakeClock clock = new FakeClock();
        CellTimer.Timing t = new CellTimer(2, 0, null, 2.0, 60, clock).time(clock.step(new int[1], 0.3));
        assertEquals(7, t.reps());
        assertEquals(2, t.warmupSteps());
        assertAllEqual(300, t);
        // the limits: a 1 s step gets MIN_REPS, a 1 ns step MAX_REPS
        clock = new FakeClock();
        assertEquals(CellTimer.MIN_REPS, new CellTimer(2, 0, null, 2.0, 60, clock).time(clock.step(new int[1], 1.0))
                .reps());
        clock = new FakeClock();
        assertEquals(CellTimer.MAX_REPS, new CellTimer(2, 0, null, 0.05, 60, clock).time(clock.step(new int[1],
                1e-9)).reps());
    }

    @Test
    void adaptiveRepsComeFromTheFastestWarmupStepOrElseTheFirstTimedOne() {
        // warm-up steps of 0.5, 0.25 and 0.4 s, then 0.4 s: 2 / 0.25 = 8 repetitions (the first or the last warm-up
        // step would give 5)
        FakeClock clock = new FakeClock();
        CellTimer.Timing t = new CellTimer(3, 0, null, 2.0, 60, clock).time(clock.step(new int[1], 0.5, 0.25, 0.4));
        assertEquals(3, t.warmupSteps());
        assertEquals(8, t.reps());
        assertAllEqual(400, t);
        // no warm-up: the first timed step sets the count
        clock = new FakeClock();
        t = new CellTimer(0, 0, null, 2.0, 60, clock).time(clock.step(new int[1], 0.25));
        assertEquals(0, t.warmupSteps());
        assertEquals(8, t.reps());
    }

    @Test
    void warmupLastsAtLeastWarmupSeconds() {
        FakeClock clock = new FakeClock();
        CellTimer.Timing t = new CellTimer(1, 1.0, 1, 2.0, 60, clock).time(clock.step(new int[1], 0.25));
        assertEquals(4, t.warmupSteps(), "0.25 s steps until 1 s of warm-up");
        assertEquals(1, t.reps());
    }

    @Test
    void budgetStopsASlowAdaptiveCellAfterThreeReps() {
        FakeClock clock = new FakeClock();
        int[] calls = {0};
        CellTimer.Timing t = new CellTimer(5, 0, null, 3, 0.05, clock).time(clock.step(calls, 0.03));
        assertEquals(CellTimer.MIN_REPS_OVER_BUDGET, t.reps());
        assertEquals(1, t.warmupSteps(), "warm-up stops early once it has used a third of the budget");
        assertEquals(4, calls[0]);
        assertAllEqual(30, t);
    }

    @Test
    void interleavedRoundsTimeEveryStepOncePerRound() {
        // steps of 0.25 s and 0.75 s: a round takes 1 s, a 5 s target per step gives 5 * 2 / 1 = 10 rounds
        FakeClock clock = new FakeClock();
        List<CellTimer.Timing> ts = new CellTimer(1, 0, null, 5.0, 60, clock).timeInterleaved(List.of(
                clock.step(new int[1], 0.25), clock.step(new int[1], 0.75)));
        assertEquals(2, ts.size());
        assertEquals(10, ts.get(0).reps());
        assertEquals(10, ts.get(1).reps());
        assertAllEqual(250, ts.get(0));
        assertAllEqual(750, ts.get(1));
        // a budget of 0.5 s per step (1 s for the two) stops after MIN_REPS_OVER_BUDGET rounds
        clock = new FakeClock();
        ts = new CellTimer(1, 0, null, 100.0, 0.5, clock).timeInterleaved(List.of(clock.step(new int[1], 0.25),
                clock.step(new int[1], 0.75)));
        assertEquals(CellTimer.MIN_REPS_OVER_BUDGET, ts.get(0).reps());
        assertEquals(CellTimer.MIN_REPS_OVER_BUDGET, ts.get(1).reps());
    }

    @Test
    void peakResidentMemoryIsReportedOnLinux() {
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertTrue(BenchCommand.peakResidentMemory().orElse(0L) > 1000);
        }
    }

    @Test
    void tickLabels() {
        assertEquals("0.1", BenchPlot.tickLabel(0.1));
        assertEquals("0.02", BenchPlot.tickLabel(0.02));
        assertEquals("5", BenchPlot.tickLabel(5));
        assertEquals("1000", BenchPlot.tickLabel(1000));
        assertEquals("1e+05", BenchPlot.tickLabel(1e5));
    }

}
