package org.relgrad.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One forward pass over the data rows of a numeric CSV file, a line at a time, so that files far larger than the
 * heap can be read once per epoch.
 *
 * <p>Format: comma-separated decimal numbers, whitespace around a value allowed. The first non-blank line is a header
 * if any of its fields is not a number; it is skipped and must have as many fields as the data rows. Blank
 * (whitespace-only) lines are skipped wherever they are and are not data rows, but they count in the line numbers of
 * messages, which are those an editor shows. NaN, infinities and values beyond the float32 range are rejected because
 * training would silently turn them into NaN losses.
 */
final class CsvRows implements Closeable {
    private static final int READ_BUFFER_CHARS = 1 << 16;

    private final Path path;
    private final BufferedReader reader;
    private final int dims;
    private final double[] values;
    private String line;
    private long lineNumber;
    private String firstDataLine;
    private long firstDataLineNumber;
    private long index = -1;

    private CsvRows(Path path, BufferedReader reader) throws IOException {
        this.path = path;
        this.reader = reader;
        String first = nextNonBlankLine();
        if (first == null) {
            throw error("no data rows (the file is empty)");
        }
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        long firstNumber = lineNumber;
        if (isHeader(first)) {
            String data = nextNonBlankLine();
            if (data == null) {
                throw error("no data rows (only a header line)");
            }
            if (fieldCount(first) != fieldCount(data)) {
                throw error("line " + firstNumber + ": the header has " + fieldCount(first)
                        + " fields but the first data row (line " + lineNumber + ") has " + fieldCount(data));
            }
            first = data;
        }
        firstDataLine = first;
        firstDataLineNumber = lineNumber;
        dims = fieldCount(first);
        values = new double[dims];
    }

    /**
     * Opens {@code path} and reads up to its first data row (to learn the number of columns).
     *
     * @throws DataFormatException for a missing or unreadable file, a file without data rows, or a header whose width
     *                             differs from the data
     */
    static CsvRows open(Path path) {
        BufferedReader reader;
        try {
            reader = new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8),
                    READ_BUFFER_CHARS);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new DataFormatException(path + ": permission denied");
        } catch (IOException e) {
            throw new DataFormatException(path + ": cannot open (" + e.getMessage() + ")", e);
        }
        try {
            return new CsvRows(path, reader);
        } catch (IOException e) {
            closeQuietly(reader);
            throw new DataFormatException(path + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    /**
     * Opens {@code path} for another pass and checks that its first data row still has {@code dims} fields, which
     * the consumers sized their buffers for when the data source was opened.
     */
    static CsvRows reopen(Path path, int dims) {
        CsvRows rows = open(path);
        if (rows.dims != dims) {
            rows.close();
            throw new DataFormatException(path + ": line " + rows.firstDataLineNumber + ": expected " + dims
                    + " fields, got " + rows.dims + " (did the file change?)");
        }
        return rows;
    }

    /** Number of fields of the first data row, which every row must have. */
    int dims() {
        return dims;
    }

    /**
     * Moves to the next data row without parsing it (rows of another split part are only counted).
     *
     * @return false at the end of the file
     */
    boolean advance() {
        if (firstDataLine != null) {
            line = firstDataLine;
            lineNumber = firstDataLineNumber;
            firstDataLine = null;
        } else {
            try {
                line = nextNonBlankLine();
            } catch (IOException e) {
                throw new DataFormatException(path + ": cannot read after line " + lineNumber + " ("
                        + e.getMessage() + ")", e);
            }
        }
        if (line == null) {
            return false;
        }
        index++;
        return true;
    }

    /** 0-based index of the current data row among all data rows of the file (header and blank lines excluded). */
    long index() {
        return index;
    }

    /**
     * The fields of the current row, parsed into a buffer that the next call overwrites.
     *
     * @throws DataFormatException for a ragged row or a field that is not a finite float32 number
     */
    double[] values() {
        int count = fieldCount(line);
        if (count != dims) {
            throw error("line " + lineNumber + ": expected " + dims + " fields, got " + count);
        }
        int start = 0;
        for (int column = 0; column < dims; column++) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? line.length() : comma;
            values[column] = parseField(start, end, column + 1);
            start = end + 1;
        }
        return values;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double parseField(int start, int end, int column) {
        String token = line.substring(start, end).strip();
        if (token.isEmpty()) {
            throw error("line " + lineNumber + ", column " + column + ": empty field");
        }
        if (isNonFiniteWord(token)) {
            throw error("line " + lineNumber + ", column " + column + ": '" + token
                    + "' is not a finite number (NaN and infinities are not allowed)");
        }
        if (!isDecimal(token)) {
            throw error("line " + lineNumber + ", column " + column + ": '" + token + "' is not a number");
        }
        double v = Double.parseDouble(token);
        if (!(Math.abs(v) <= Float.MAX_VALUE)) {
            throw error("line " + lineNumber + ", column " + column + ": '" + token
                    + "' is outside the float32 range");
        }
        return v;
    }

    private DataFormatException error(String what) {
        return new DataFormatException(path + ": " + what);
    }

    private String nextNonBlankLine() throws IOException {
        String s;
        do {
            s = reader.readLine();
            if (s == null) {
                return null;
            }
            lineNumber++;
        } while (s.isBlank());
        return s;
    }

    private static boolean isHeader(String line) {
        for (String field : line.split(",", -1)) {
            String token = field.strip();
            if (!isNonFiniteWord(token) && !isDecimal(token)) {
                return true;
            }
        }
        return false;
    }

    private static int fieldCount(String s) {
        int n = 1;
        for (int i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) {
            n++;
        }
        return n;
    }

    /** NaN or an infinity in the spellings of Java, C, Python and R, which a data row must not contain. */
    private static boolean isNonFiniteWord(String token) {
        String t = token.startsWith("+") || token.startsWith("-") ? token.substring(1) : token;
        t = t.toLowerCase(Locale.ROOT);
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    /**
     * A plain decimal number, optionally with exponent. Checked before {@link Double#parseDouble} because that also
     * accepts hexadecimal, "NaN", "Infinity" and a trailing type suffix ("1f"), none of which belongs in a numeric
     * CSV; the character scan is also cheaper than an exception per header field.
     */
    private static boolean isDecimal(String token) {
        int i = 0;
        int n = token.length();
        if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isAsciiDigit(token.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && token.charAt(i) == '.') {
            i++;
            while (i < n && isAsciiDigit(token.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (token.charAt(i) == 'e' || token.charAt(i) == 'E')) {
            i++;
            if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isAsciiDigit(token.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void closeQuietly(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // the open already failed; its error is the one to report
        }
    }
}
