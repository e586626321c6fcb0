package org.relgrad.examples.lab.bench;


import org.relgrad.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The benchmark's CSV: one row per (method, D), times in milliseconds per training step. */
final class BenchCsv {
    static final String HEADER = "method,D,batch,threads,median_ms,min_ms,max_ms";

    private BenchCsv() {
    }

    static String row(BenchResult r) {
        return String.format(Locale.ROOT, "%s,%d,%d,%d,%.4f,%.4f,%.4f", r.method(), r.d(), r.batch(), r.threads(),
                r.medianMs(), r.minMs(), r.maxMs());
    }

    static String format(List<BenchResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (BenchResult r : results) {
            sb.append(row(r)).append('\n');
        }
        return sb.toString();
    }

    /** The rows of a file written by {@link #write} (reps and warm-up are not kept: 0). */
    static List<BenchResult> read(Path in) throws IOException {
        List<String> lines = Files.readAllLines(in, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(in + " is not a bench CSV (expected the header " + HEADER + ")");
        }
        List<BenchResult> out = new java.util.ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 7) {
                throw new IOException(in + " line " + (i + 1) + ": expected 7 fields, got " + f.length);
            }
            try {
                out.add(new BenchResult(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), 0, 0));
            } catch (NumberFormatException e) {
                throw new IOException(in + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Writes the whole file (header and all rows) atomically, so it can be rewritten after every cell. */
    static void write(Path out, List<BenchResult> results) throws IOException {
        String text = format(results);
        AtomicFiles.write(out, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }
}
