package org.relgrad.examples.data;

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

    private CsvDataSource(Path path, int dims) {
        this.path = path;
        this.dims = dims;
        Path fileName = path.getFileName();
        this.name = fileName == null ? path.toString() : fileName.toString();
    }

    /** @throws DataFormatException for a missing or empty file or a malformed header */
    static CsvDataSource open(Path path) {
        try (CsvRows rows = CsvRows.open(path)) {
            return new CsvDataSource(path, rows.dims());
        }
    }

    @Override
    public int dims() {
        return dims;
    }

    /** @throws IllegalArgumentException for a fraction outside (0, 1) */
    @Override
    public Split split(double validFraction, long seed) {
        RowSplit split = new RowSplit(validFraction, seed);
        return new Split(new CsvExampleSource(path, dims, split::isTrain, name + " (train part)"),
                new CsvExampleSource(path, dims, split::isValidation, name + " (validation part)"));
    }

    @Override
    public ExampleSource evaluation() {
        return new CsvExampleSource(path, dims, null, name);
    }

    @Override
    public String name() {
        return name;
    }
}
