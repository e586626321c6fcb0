package org.relgrad.data;

import java.nio.file.Path;

/**
 * The {@code --data} argument: {@code csv:PATH} (numeric columns, optional header), {@code mnist:DIR} (IDX files, .gz
 * or raw, preprocessed as in the paper) or {@code toy:NAME} (a 2-D dataset of {@code ToyDatasets}, optionally
 * {@code toy:NAME?n=ROWS}, default 10,000 rows). {@code csv:PATH?dequantize} adds, to every column whose values lie on
 * a grid of step Δ (integers, rounded values; see {@link DataDiagnostics}), uniform noise on (−Δ/2, Δ/2): fresh each
 * training epoch, fixed for validation and evaluation.
 *
 * <p>Every source yields float32 batches [b, D] without labels. How each kind splits and evaluates:
 * <ul>
 *   <li>csv: streamed from disk at every pass, never loaded whole; validation rows chosen by a hash of row index and
 *       seed (fraction in (0, 1), else IllegalArgumentException); shuffling within a buffer of 16,384 rows;
 *       evaluation is every row. Blank lines are skipped anywhere.</li>
 *   <li>mnist: in memory; the fraction and seed of {@code split} are ignored for the paper's fixed split (the last
 *       sixth of the training images, i.e. 10,000 of 60,000, for validation); evaluation is the test set.</li>
 *   <li>toy: in memory, split like csv; evaluation is a fresh sample of the same size from another seed.</li>
 * </ul>
 */
public final class DataSpec {
    /** Suffix of a csv spec that adds uniform noise of one grid step to every column on a grid (integers, rounding). */
    public static final String DEQUANTIZE = "?dequantize";

    private DataSpec() {
    }

    /**
     * Opens the dataset {@code spec} names; {@code seed} fixes random parts (toy samples, MNIST dequantisation).
     * Opening a CSV file reads only up to its first data row; MNIST is read and preprocessed whole.
     *
     * @throws IllegalArgumentException for an unknown scheme, a missing part after the colon or an unknown toy name
     * @throws DataFormatException      for a missing, unreadable or malformed file
     */
    public static DataSource open(String spec, long seed) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        String scheme = colon < 0 ? "" : spec.substring(0, colon);
        switch (scheme) {
            case "csv": {
                String arg = argument(spec, colon);
                boolean dequantize = arg.endsWith(DEQUANTIZE);
                return CsvDataSource.open(Path.of(dequantize ? arg.substring(0, arg.length() - DEQUANTIZE.length())
                        : arg), dequantize, seed);
            }
            case "mnist":
                return MnistDataSource.open(Path.of(argument(spec, colon)), seed);
            case "toy":
                return ToyDataSource.parse(argument(spec, colon), seed);
            default:
                throw new InvalidDataSpecException("Unknown data spec '" + spec
                        + "': use csv:PATH, mnist:DIR or toy:NAME");
        }
    }

    private static String argument(String spec, int colon) {
        String arg = spec.substring(colon + 1);
        if (arg.isBlank()) {
            throw new InvalidDataSpecException("Data spec '" + spec + "' names nothing after the colon: use "
                    + "csv:PATH, mnist:DIR or toy:NAME");
        }
        return arg;
    }
}
