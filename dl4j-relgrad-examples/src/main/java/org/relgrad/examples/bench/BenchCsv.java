package org.relgrad.examples.bench;

import org.relgrad.examples.AtomicFiles;

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

    /** Writes the whole file (header and all rows) atomically, so it can be rewritten after every cell. */
    static void write(Path out, List<BenchResult> results) throws IOException {
        String text = format(results);
        AtomicFiles.write(out, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }
}
