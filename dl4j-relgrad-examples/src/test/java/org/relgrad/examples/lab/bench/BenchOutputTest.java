package org.relgrad.examples.lab.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSV format, the timing statistics and the adaptive repetition count. */
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

    @Test
    void fixedRepsAreExact() {
        int[] calls = {0};
        CellTimer.Timing t = new CellTimer(3, 7, 3, 60).time(() -> calls[0]++);
        assertEquals(7, t.reps());
        assertEquals(3, t.warmupSteps());
        assertEquals(10, calls[0]);
    }

    @Test
    void adaptiveRepsFillTheTargetWithinLimits() {
        CellTimer timer = new CellTimer(5, null, 3, 60);
        assertEquals(CellTimer.MIN_REPS, timer.adaptiveReps(10));
        assertEquals(300, timer.adaptiveReps(0.01));
        assertEquals(CellTimer.MAX_REPS, timer.adaptiveReps(1e-7));
        CellTimer.Timing fast = new CellTimer(2, null, 0.05, 60).time(() -> { });
        assertEquals(CellTimer.MAX_REPS, fast.reps());
    }

    @Test
    void budgetStopsASlowAdaptiveCellAfterThreeReps() {
        CellTimer.Timing t = new CellTimer(5, null, 3, 0.05).time(() -> sleep(30));
        assertEquals(CellTimer.MIN_REPS_OVER_BUDGET, t.reps());
        assertEquals(1, t.warmupSteps(), "warm-up stops early once it has used a third of the budget");
        assertTrue(t.min() >= 29, "min " + t.min());
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
