package org.relgrad.examples.lab.bench;

import org.relgrad.linalg.HostLapack;
import org.relgrad.nn.conf.layers.GradientMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code relgrad bench}: times one full training step (forward, backward, update) of a flow of square dense layers
 * trained with relative gradients against its baselines, for a range of widths D, and reports median, min and max
 * milliseconds per step, the ratios between methods, a CSV and a log-log plot.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time one training step of a D-wide flow per method and width; print a table, ratios and the "
                + "peak memory; optionally write a CSV and a log-log plot.",
            "",
            "Methods: relative (FlowNetwork, relative gradient), ordinary (same network, Euclidean gradient: W^-T by "
                + "LAPACK every step), autodiff (log|det J| and its gradient from each example's explicit DxD "
                + "Jacobian, O(B*D^3)), floor (the step's GEMMs through OpenBLAS plus the update's memory pass at the measured bandwidth), "
                + "dl4j-dense (stock DL4J DenseLayer MLP with MSE loss). All float32, the same updater (FusedAdam(1e-4) by default), x ~ N(0,1).",
            "Progress goes to stderr, the results to stdout.",
            ""})
public class BenchCommand implements Callable<Integer> {
    static final int MNIST_DIM = 784;
    static final int MNIST_EPOCH = 50_000;
    static final int[] MNIST_BATCHES = {10, 100};
    static final int PROCESS_WARMUP_DIM = 16;
    static final int PROCESS_WARMUP_STEPS = 10;
    /** Stack of the benchmark thread: room for OpenBLAS's parallel LU (see {@link #onLargeStack}). */
    static final long NATIVE_STACK_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--dims", split = ",", defaultValue = "64,128,256,512,1024,2048,4096", paramLabel = "D",
            description = "Widths D to time, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> dims;

    @Option(names = "--methods", split = ",", defaultValue = "relative,ordinary,autodiff,floor,dl4j-dense",
            paramLabel = "M", description = "Methods, comma-separated, from relative, ordinary, autodiff, floor, "
                    + "dl4j-dense (default: all).")
    List<String> methods;

    @Option(names = "--batch", defaultValue = "100", paramLabel = "B",
            description = "Examples per training step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--layers", defaultValue = "2", paramLabel = "L",
            description = "Square layers of width D; the last is linear (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "T",
            description = "OpenBLAS threads: matrix products and LAPACK (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--updater", defaultValue = "adam", paramLabel = "NAME",
            description = "Update rule of every method: adam (the paper's, as this library ships it: FusedAdam; "
                    + "default), dl4j-adam (DL4J's own Adam) or sgd (shows the step without Adam's O(D^2) "
                    + "memory-bound pass).")
    String updaterName;

    @Option(names = "--omp-threads", defaultValue = "1", paramLabel = "T",
            description = "ND4J OpenMP threads: element-wise ops and updaters (default: ${DEFAULT-VALUE}; see "
                    + "org.relgrad.util.NativeThreads for why one is faster on small machines).")
    int ompThreads;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "N",
            description = "Untimed steps before timing; a slow cell stops warming up (after one step) once warm-up "
                    + "has used a third of --cell-budget (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "2", paramLabel = "S",
            description = "Warm up each cell for at least this long as well, so that the JIT has compiled the step "
                    + "before timing starts (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--reps", paramLabel = "N",
            description = "Timed steps per cell (default: adaptive, at least 5 and enough to fill about "
                    + "--target-seconds, stopping early, after at least 3, once --cell-budget is used up).")
    Integer reps;

    @Option(names = "--target-seconds", defaultValue = "3", paramLabel = "S",
            description = "Timed seconds an adaptive cell aims at (default: ${DEFAULT-VALUE}).")
    double targetSeconds;

    @Option(names = "--cell-budget", defaultValue = "60", paramLabel = "S",
            description = "Seconds after which an adaptive cell stops timing (default: ${DEFAULT-VALUE}).")
    double cellBudget;

    @Option(names = "--autodiff-max-dim", defaultValue = "512", paramLabel = "D",
            description = "Largest D for autodiff, whose step costs O(B*D^3) (default: ${DEFAULT-VALUE}).")
    int autodiffMaxDim;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of data and initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Write the results as CSV (rewritten after every cell).")
    Path csv;

    @Option(names = "--plot", paramLabel = "PNG", description = "Write a log-log plot of time per step against D.")
    Path plot;

    @Option(names = "--plot-from", split = ",", paramLabel = "CSV",
            description = "Time nothing: draw --plot from these CSV files of earlier runs (e.g. the grid and the "
                    + "large widths, measured separately).")
    List<Path> plotFrom;

    @Option(names = "--interleave", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Time the methods of one D in rounds, one step of each per round, so that drifts of a shared "
                    + "machine hit all methods alike (default: ${DEFAULT-VALUE}). Off by default: ND4J's OpenMP threads "
                    + "keep spinning after a step and slow the BLAS threads of whatever runs next, which makes the "
                    + "floor look slower than it is.")
    boolean interleave;

    @Option(names = "--mnist-shape",
            description = "Instead of the grid: training throughput of the relative flow at D=784 (MNIST), batch 10 "
                    + "and 100: examples/s and the projected time of a 50,000-example epoch.")
    boolean mnistShape;

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() throws IOException {
        if (plotFrom != null && !plotFrom.isEmpty()) {
            return plotFromCsv();
        }
        List<Integer> widths = validatedDims();
        List<BenchMethod> chosen = validatedMethods();
        validate();
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        org.relgrad.util.NativeThreads.set(threads, ompThreads);

        boolean ok = onLargeStack(() -> mnistShape ? runMnistShape() : runGrid(widths, chosen));
        out.printf(Locale.ROOT, "peak resident memory (VmHWM): %s%n", peakResidentMemory().map(kb ->
                String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0)).orElse("unavailable"));
        out.flush();
        return ok ? 0 : 1;
    }

    /**
     * Runs {@code work} on a thread with a {@value #NATIVE_STACK_BYTES}-byte stack. OpenBLAS's multi-threaded LU
     * (getrf, used by the ordinary and autodiff methods from D ≈ 128 on with more than one thread) puts arrays of
     * several MB on the calling thread's stack and crashes the JVM (SIGSEGV) on Java's default 1 MB thread stack.
     */
    static <T> T onLargeStack(Callable<T> work) throws IOException {
        Object[] result = new Object[1];
        Throwable[] error = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = work.call();
            } catch (Throwable e) {
                error[0] = e;
            }
        }, "relgrad-bench", NATIVE_STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while benchmarking", e);
        }
        if (error[0] instanceof IOException) {
            throw (IOException) error[0];
        }
        if (error[0] instanceof RuntimeException) {
            throw (RuntimeException) error[0];
        }
        if (error[0] instanceof Error) {
            throw (Error) error[0];
        }
        if (error[0] != null) {
            throw new IllegalStateException(error[0]);
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }

    private org.nd4j.linalg.learning.config.IUpdater updater() {
        return TrainingSteps.updater(updaterName);
    }

    private CellTimer timer() {
        return new CellTimer(warmup, warmupSeconds, reps, targetSeconds, cellBudget);
    }

    private String repsDescription() {
        return reps != null ? reps + " timed steps" : String.format(Locale.ROOT, "adaptive reps (>= %d, ~%s s, "
                + "budget %s s per cell)", CellTimer.MIN_REPS, fmt(targetSeconds), fmt(cellBudget));
    }

    private boolean runGrid(List<Integer> widths, List<BenchMethod> chosen) throws IOException {
        CellTimer timer = timer();
        int cells = widths.size() * chosen.size();
        err.printf(Locale.ROOT, "bench: %d cells (methods %s; D %s), batch %d, %d layers, %d BLAS / %d OpenMP threads, "
                + "float32, %d warm-up steps, %s%n", cells, join(chosen), widths, batch, layers, threads, ompThreads,
                warmup,
                repsDescription());
        err.flush();
        warmUpProcess(chosen);
        List<BenchResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int cell = 0;
        for (int d : widths) {
            if (interleave) {
                cell += timeInterleaved(timer, d, chosen, results, problems, cell, cells);
                if (csv != null) {
                    BenchCsv.write(csv, results);
                }
                continue;
            }
            for (BenchMethod m : chosen) {
                cell++;
                String where = String.format(Locale.ROOT, "bench: [%d/%d] %-10s D=%-5d", cell, cells, m, d);
                if (m == BenchMethod.AUTODIFF && d > autodiffMaxDim) {
                    err.printf(Locale.ROOT, "%s skipped (D > --autodiff-max-dim %d)%n", where, autodiffMaxDim);
                    err.flush();
                    continue;
                }
                try {
                    BenchResult r = timeCell(timer, m.label, m, d, batch, where);
                    results.add(r);
                    if (csv != null) {
                        BenchCsv.write(csv, results);
                    }
                } catch (RuntimeException | OutOfMemoryError e) {
                    String msg = m + " D=" + d + ": " + e;
                    problems.add(msg);
                    err.printf(Locale.ROOT, "%s FAILED: %s%n", where, e);
                    err.flush();
                } finally {
                    // release the cell's native memory before the next one is built
                    System.gc();
                }
            }
        }
        results = withUpdatePass(results);
        printTable(results, widths, chosen);
        if (csv != null) {
            BenchCsv.write(csv, results);
            out.printf("csv: %s%n", csv);
        }
        if (plot != null) {
            new BenchPlot(results, String.format(Locale.ROOT, "Time per training step (%s): batch %d, %d layers, %d "
                    + "BLAS / %d OpenMP threads, float32", updaterName, batch, layers, threads, ompThreads)).write(plot);
            out.printf("plot: %s%n", plot);
        }
        for (String p : problems) {
            out.printf("FAILED: %s%n", p);
        }
        out.flush();
        return problems.isEmpty();
    }

    /**
     * Runs every method a few steps at a tiny width before the first cell, so that JIT compilation and ND4J's lazy
     * set-up are not charged to whichever cell happens to come first.
     */
    private void warmUpProcess(List<BenchMethod> chosen) {
        if (warmup == 0) {
            return;
        }
        long t0 = System.nanoTime();
        for (BenchMethod m : chosen) {
            try (TrainingStep step = TrainingSteps.create(m, PROCESS_WARMUP_DIM, batch, layers, threads, seed,
                    updater())) {
                for (int i = 0; i < PROCESS_WARMUP_STEPS; i++) {
                    step.run();
                }
            } catch (RuntimeException e) {
                // a method that cannot run at all fails again, with its message, in its first cell
            }
        }
        err.printf(Locale.ROOT, "bench: process warm-up (%d steps per method at D=%d): %.1f s%n",
                PROCESS_WARMUP_STEPS, PROCESS_WARMUP_DIM, (System.nanoTime() - t0) / 1e9);
        err.flush();
    }

    /** All methods of one width, timed in rounds; returns how many cells it covered (skipped ones included). */
    private int timeInterleaved(CellTimer timer, int d, List<BenchMethod> chosen, List<BenchResult> results,
            List<String> problems, int cellsBefore, int cells) {
        List<BenchMethod> built = new ArrayList<>();
        List<TrainingStep> steps = new ArrayList<>();
        try {
            for (BenchMethod m : chosen) {
                if (m == BenchMethod.AUTODIFF && d > autodiffMaxDim) {
                    err.printf(Locale.ROOT, "bench: %-10s D=%-5d skipped (D > --autodiff-max-dim %d)%n", m, d,
                            autodiffMaxDim);
                    continue;
                }
                try {
                    steps.add(TrainingSteps.create(m, d, batch, layers, threads, seed, updater()));
                    built.add(m);
                } catch (RuntimeException | OutOfMemoryError e) {
                    problems.add(m + " D=" + d + ": " + e);
                    err.printf(Locale.ROOT, "bench: %-10s D=%-5d FAILED: %s%n", m, d, e);
                }
            }
            err.printf(Locale.ROOT, "bench: [%d/%d] D=%-5d timing %s in rounds%n", cellsBefore + chosen.size(), cells, d,
                    built);
            err.flush();
            long lapack0 = HostLapack.factorizationCount();
            List<CellTimer.Timing> timings = timer.timeInterleaved(steps.stream()
                    .<Runnable>map(st -> st::run).collect(java.util.stream.Collectors.toList()));
            for (int i = 0; i < built.size(); i++) {
                BenchResult r = BenchResult.of(built.get(i).label, d, batch, threads, timings.get(i));
                results.add(r);
                err.printf(Locale.ROOT, "bench:   %-10s D=%-5d median %s ms (min %s, max %s), %d reps after %d "
                        + "warm-up%n", built.get(i), d, ms(r.medianMs()), ms(r.minMs()), ms(r.maxMs()), r.reps(),
                        r.warmup());
            }
            err.printf(Locale.ROOT, "bench:   core LU/QR factorisations in this round set: %d%n",
                    HostLapack.factorizationCount() - lapack0);
            err.flush();
        } catch (RuntimeException | OutOfMemoryError e) {
            problems.add("D=" + d + ": " + e);
            err.printf(Locale.ROOT, "bench: D=%-5d FAILED: %s%n", d, e);
        } finally {
            for (TrainingStep st : steps) {
                st.close();
            }
            System.gc();
        }
        return chosen.size();
    }

    private BenchResult timeCell(CellTimer timer, String name, BenchMethod m, int d, int b, String where) {
        try (TrainingStep step = m == null ? TrainingSteps.flowStep(d, b, layers, GradientMode.RELATIVE, seed,
                updater()) : TrainingSteps.create(m, d, b, layers, threads, seed, updater())) {
            long lapack0 = HostLapack.factorizationCount();
            CellTimer.Timing t = timer.time(step::run);
            long lapack = HostLapack.factorizationCount() - lapack0;
            BenchResult r = BenchResult.of(name, d, b, threads, t);
            String factorizations = m == BenchMethod.AUTODIFF || m == BenchMethod.FLOOR
                    || m == BenchMethod.DL4J_DENSE ? "" : String.format(Locale.ROOT, "; core LU/QR per step %.2f",
                    lapack / (double) (t.reps() + t.warmupSteps()));
            err.printf(Locale.ROOT, "%s median %s ms (min %s, max %s), %d reps after %d warm-up%s%n", where,
                    ms(r.medianMs()), ms(r.minMs()), ms(r.maxMs()), r.reps(), r.warmup(), factorizations);
            err.flush();
            return r;
        }
    }

    private boolean runMnistShape() throws IOException {
        CellTimer timer = timer();
        err.printf(Locale.ROOT, "bench: MNIST shape, relative flow D=%d, %d layers, batch %s, %d BLAS / %d OpenMP "
                + "threads, float32, %d warm-up steps, %s%n", MNIST_DIM, layers,
                java.util.Arrays.toString(MNIST_BATCHES), threads, ompThreads, warmup, repsDescription());
        if (plot != null) {
            err.println("bench: --plot is not drawn with --mnist-shape");
        }
        err.flush();
        warmUpProcess(List.of(BenchMethod.RELATIVE));
        List<BenchResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int b : MNIST_BATCHES) {
            String name = "relative-mnist-b" + b;
            try {
                results.add(timeCell(timer, name, null, MNIST_DIM, b,
                        String.format(Locale.ROOT, "bench: %-20s", name)));
                if (csv != null) {
                    BenchCsv.write(csv, results);
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                problems.add(name + ": " + e);
                err.printf("bench: %s FAILED: %s%n", name, e);
                err.flush();
            } finally {
                System.gc();
            }
        }
        out.printf(Locale.ROOT, "MNIST-shaped training throughput: relative gradient, D=%d, %d layers, float32, %d "
                + "BLAS / %d OpenMP threads%n", MNIST_DIM, layers, threads, ompThreads);
        out.printf(Locale.ROOT, "%-20s %6s %11s %11s %11s %6s %13s %18s%n", "method", "batch", "median_ms", "min_ms",
                "max_ms", "reps", "examples/s", "epoch of 50k (s)");
        for (BenchResult r : results) {
            double perSecond = r.batch() / (r.medianMs() / 1e3);
            out.printf(Locale.ROOT, "%-20s %6d %11s %11s %11s %6d %13.0f %18.1f%n", r.method(), r.batch(),
                    ms(r.medianMs()), ms(r.minMs()), ms(r.maxMs()), r.reps(), perSecond,
                    MNIST_EPOCH / perSecond);
        }
        if (csv != null) {
            BenchCsv.write(csv, results);
            out.printf("csv: %s%n", csv);
        }
        for (String p : problems) {
            out.printf("FAILED: %s%n", p);
        }
        out.flush();
        return problems.isEmpty();
    }

    /**
     * The floor cells with the update's memory pass added: {@link MemoryBandwidth#arrayPasses} arrays of 2·(D² + D)
     * floats per layer at the bandwidth measured now. Prints both parts.
     */
    private int plotFromCsv() throws IOException {
        if (plot == null) {
            fail("'--plot-from' needs '--plot PNG'");
        }
        List<BenchResult> all = new ArrayList<>();
        for (Path p : plotFrom) {
            all.addAll(BenchCsv.read(p));
        }
        new BenchPlot(all, String.format(Locale.ROOT, "Time per training step (%s): batch %d, %d layers, float32",
                updaterName, batch, layers)).write(plot);
        spec.commandLine().getOut().printf("plot: %s (%d cells from %s)%n", plot, all.size(), plotFrom);
        return 0;
    }

    private List<BenchResult> withUpdatePass(List<BenchResult> results) {
        if (results.stream().noneMatch(r -> r.method().equals(BenchMethod.FLOOR.label))) {
            return results;
        }
        double bw = MemoryBandwidth.bytesPerSecond();
        int passes = MemoryBandwidth.arrayPasses(updaterName);
        out.printf(Locale.ROOT, "floor = GEMMs + one %s update pass (%d arrays of the parameters' size) at the memory "
                + "bandwidth measured now, %.1f GB/s (a %d MiB copy, median of %d):%n", updaterName, passes, bw / 1e9,
                MemoryBandwidth.BUFFER_BYTES >> 20, MemoryBandwidth.REPS);
        List<BenchResult> out2 = new ArrayList<>();
        for (BenchResult r : results) {
            if (!r.method().equals(BenchMethod.FLOOR.label)) {
                out2.add(r);
                continue;
            }
            long params = (long) layers * ((long) r.d() * r.d() + r.d());
            double updateMs = 1e3 * passes * params * 4.0 / bw;
            out.printf(Locale.ROOT, "  D=%-6d GEMMs %s ms + update %s ms = %s ms%n", r.d(), ms(r.medianMs()),
                    ms(updateMs), ms(r.medianMs() + updateMs));
            out2.add(new BenchResult(r.method(), r.d(), r.batch(), r.threads(), r.medianMs() + updateMs,
                    r.minMs() + updateMs, r.maxMs() + updateMs, r.reps(), r.warmup()));
        }
        out.println();
        return out2;
    }

    private void printTable(List<BenchResult> results, List<Integer> widths, List<BenchMethod> chosen) {
        out.printf(Locale.ROOT, "Time per training step (forward, backward, %s update), ms: batch %d, %d layers, "
                + "%d BLAS / %d OpenMP threads, float32%n", updaterName, batch, layers, threads, ompThreads);
        out.printf(Locale.ROOT, "%6s  %-10s %11s %11s %11s %6s %10s%n", "D", "method", "median_ms", "min_ms",
                "max_ms", "reps", "GFLOP/s*");
        Map<String, BenchResult> byKey = new LinkedHashMap<>();
        for (BenchResult r : results) {
            byKey.put(r.method() + "@" + r.d(), r);
        }
        for (int d : widths) {
            for (BenchMethod m : chosen) {
                BenchResult r = byKey.get(m.label + "@" + d);
                if (r == null) {
                    String why = m == BenchMethod.AUTODIFF && d > autodiffMaxDim ? "skipped (D > --autodiff-max-dim)"
                            : "failed";
                    out.printf(Locale.ROOT, "%6d  %-10s %s%n", d, m, why);
                    continue;
                }
                double gflops = BlasFloor.flops(batch, d, layers) / (r.medianMs() * 1e6);
                out.printf(Locale.ROOT, "%6d  %-10s %11s %11s %11s %6d %10.1f%n", d, m, ms(r.medianMs()),
                        ms(r.minMs()), ms(r.maxMs()), r.reps(), gflops);
            }
        }
        out.printf(Locale.ROOT, "* the floor's %d*B*D^2 flops (%d GEMMs per layer, less the first layer's input "
                + "gradient) divided by the median time: the rate each method achieves on the step's unavoidable "
                + "arithmetic%n", 8 * layers - 2, BlasFloor.layerGemms(1, 1).size());
        String[][] ratios = {
            {"relative", "floor"}, {"ordinary", "relative"}, {"autodiff", "relative"}, {"dl4j-dense", "floor"}};
        out.println();
        out.println("Ratios of median times:");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%6s", "D"));
        for (String[] q : ratios) {
            head.append(String.format(Locale.ROOT, " %18s", q[0] + "/" + q[1]));
        }
        out.println(head);
        for (int d : widths) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%6d", d));
            for (String[] q : ratios) {
                BenchResult a = byKey.get(q[0] + "@" + d);
                BenchResult b = byKey.get(q[1] + "@" + d);
                line.append(String.format(Locale.ROOT, " %18s", a == null || b == null ? "-"
                        : String.format(Locale.ROOT, "%.2f", a.medianMs() / b.medianMs())));
            }
            out.println(line);
        }
    }

    private List<Integer> validatedDims() {
        if (dims == null || dims.isEmpty()) {
            fail("'--dims' needs at least one width");
        }
        for (Integer d : dims) {
            if (d == null || d <= 0) {
                fail("'--dims' values must be positive integers, got " + d);
            }
        }
        return new ArrayList<>(new TreeSet<>(dims));
    }

    private List<BenchMethod> validatedMethods() {
        List<BenchMethod> chosen = new ArrayList<>();
        for (String name : methods) {
            Optional<BenchMethod> m = BenchMethod.parse(name);
            if (m.isEmpty()) {
                fail("Unknown method '" + name + "' for option '--methods'; valid methods: " + BenchMethod.names());
            }
            if (!chosen.contains(m.get())) {
                chosen.add(m.get());
            }
        }
        return chosen;
    }

    private void validate() {
        positive("--batch", batch);
        positive("--layers", layers);
        positive("--threads", threads);
        positive("--omp-threads", ompThreads);
        positive("--autodiff-max-dim", autodiffMaxDim);
        if (!TrainingSteps.UPDATERS.contains(updaterName)) {
            fail("Unknown updater '" + updaterName + "' for option '--updater'; valid: "
                    + String.join(", ", TrainingSteps.UPDATERS));
        }
        if (warmup < 0) {
            fail("'--warmup' must not be negative, got " + warmup);
        }
        if (reps != null) {
            positive("--reps", reps);
        }
        if (!(targetSeconds > 0) || !Double.isFinite(targetSeconds)) {
            fail("'--target-seconds' must be a positive number, got " + targetSeconds);
        }
        if (!(cellBudget > 0) || !Double.isFinite(cellBudget)) {
            fail("'--cell-budget' must be a positive number, got " + cellBudget);
        }
        if (csv != null && Files.isDirectory(csv)) {
            fail("'--csv' must name a file, not the directory " + csv);
        }
        if (plot != null && Files.isDirectory(plot)) {
            fail("'--plot' must name a file, not the directory " + plot);
        }
    }

    private void positive(String option, int value) {
        if (value <= 0) {
            fail("'" + option + "' must be positive, got " + value);
        }
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    /** Peak resident set size of this process in kB (VmHWM in /proc/self/status), if the OS reports it. */
    static Optional<Long> peakResidentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Optional.of(Long.parseLong(parts[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs
        }
        return Optional.empty();
    }

    private static String ms(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.1f", v) : v >= 1 ? String.format(Locale.ROOT, "%.3f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String join(List<BenchMethod> ms) {
        return String.join(",", ms.stream().map(m -> m.label).toList());
    }
}
