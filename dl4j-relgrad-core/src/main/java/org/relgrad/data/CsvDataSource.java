package org.relgrad.data;

import java.nio.file.Path;

/**
 * A numeric CSV file ({@code csv:PATH}, format in {@link CsvRows}) that is never loaded whole: opening reads only up
 * to the first data row, and every part streams the file again per pass. Validation rows are chosen by a hash of the
 * row index and the seed ({@link RowSplit}), so no pass needs the row count; evaluation uses every row.
 */
final class CsvDataSource implements DataSource {
    private final Path path;
    private final int dims;
    private final String name;
    // grid steps of the columns to dequantise (0: none), or null for the data as they are
    private final double[] dequantizeSteps;
    private final long seed;

    private CsvDataSource(Path path, int dims, boolean dequantize, long seed) {
        this.path = path;
        this.dims = dims;
        Path fileName = path.getFileName();
        this.name = fileName == null ? path.toString() : fileName.toString();
        this.seed = seed;
        this.dequantizeSteps = dequantize ? DataDiagnostics.examine(new CsvExampleSource(path, dims, null, name), name)
                .gridSteps() : null;
    }

    /** The file as it is. @throws DataFormatException for a missing or empty file or a malformed header */
    static CsvDataSource open(Path path) {
        return open(path, false, 0);
    }

    /** With {@code dequantize}, grid columns get noise seeded by {@code seed} (see {@link DataSpec}). */
    static CsvDataSource open(Path path, boolean dequantize, long seed) {
        try (CsvRows rows = CsvRows.open(path)) {
            return new CsvDataSource(path, rows.dims(), dequantize, seed);
        }
    }

    private ExampleSource maybeDequantized(ExampleSource s) {
        return dequantizeSteps == null ? s : new DequantizedExampleSource(s, dequantizeSteps, seed);
    }

    @Override
    public int dims() {
        return dims;
    }

    /** @throws IllegalArgumentException for a fraction outside (0, 1) */
    @Override
    public Split split(double validFraction, long seed) {
        RowSplit split = new RowSplit(validFraction, seed);
        return new Split(maybeDequantized(new CsvExampleSource(path, dims, split::isTrain, name + " (train part)")),
                maybeDequantized(new CsvExampleSource(path, dims, split::isValidation, name + " (validation part)")));
    }

    @Override
    public ExampleSource evaluation() {
        return maybeDequantized(new CsvExampleSource(path, dims, null, name));
    }

    @Override
    public String name() {
        return dequantizeSteps == null ? name : name + " (dequantised)";
    }
}
