package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvRowsTest {
    @TempDir
    Path dir;

    private static List<double[]> readAll(Path file) {
        List<double[]> rows = new ArrayList<>();
        try (CsvRows r = CsvRows.open(file)) {
            while (r.advance()) {
                assertEquals(rows.size(), r.index());
                rows.add(r.values().clone());
            }
        }
        return rows;
    }

    /** The message of the error reading {@code content}, which must name the file and contain every fragment. */
    private String errorReading(String content, String... fragments) {
        Path file = DataTestSupport.write(dir.resolve("bad-input.csv"), content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> readAll(file));
        assertTrue(e.getMessage().contains("bad-input.csv"), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        }
        return e.getMessage();
    }

    @Test
    void valuesRoundTripExactly() {
        double[][] table = DataTestSupport.randomTable(50, 4, 1);
        table[0] = new double[] {0.0, -0.0, Double.MIN_NORMAL, -Float.MAX_VALUE};
        List<double[]> rows = readAll(DataTestSupport.writeCsv(dir.resolve("t.csv"), null, table));
        assertEquals(table.length, rows.size());
        for (int i = 0; i < table.length; i++) {
            assertArrayEquals(table[i], rows.get(i), 0.0, "row " + i);
        }
    }

    @Test
    void headerIsSkippedAndNotCounted() {
        double[][] table = DataTestSupport.randomTable(20, 3, 2);
        List<double[]> plain = readAll(DataTestSupport.writeCsv(dir.resolve("plain.csv"), null, table));
        List<double[]> headed = readAll(DataTestSupport.writeCsv(dir.resolve("headed.csv"), "a, b ,c", table));
        assertEquals(20, headed.size());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(plain.get(i), headed.get(i), 0.0);
        }
    }

    @Test
    void headerWithOneNumericLookingFieldIsStillAHeader() {
        List<double[]> rows = readAll(DataTestSupport.write(dir.resolve("h.csv"), "x1,2,y\n1,2,3\n"));
        assertEquals(1, rows.size());
        assertArrayEquals(new double[] {1, 2, 3}, rows.get(0), 0.0);
    }

    @Test
    void whitespaceAroundValuesBlankLinesCrlfAndBomAreAccepted() {
        String content = "\uFEFF 1.5 ,\t-2e3\r\n\r\n   \n3,  4  \r\n\n\n";
        List<double[]> rows = readAll(DataTestSupport.write(dir.resolve("ws.csv"), content));
        assertEquals(2, rows.size());
        assertArrayEquals(new double[] {1.5, -2000}, rows.get(0), 0.0);
        assertArrayEquals(new double[] {3, 4}, rows.get(1), 0.0);
    }

    @Test
    void dimsComeFromTheFirstDataRow() {
        try (CsvRows r = CsvRows.open(DataTestSupport.write(dir.resolve("d.csv"), "\n\nu,v,w,x\n1,2,3,4\n"))) {
            assertEquals(4, r.dims());
        }
    }

    @Test
    void nonNumericFieldNamesLineAndColumn() {
        errorReading("a,b,c\n1,2,3\n4,5,abc\n", "line 3, column 3", "'abc' is not a number");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {"nan", "NaN", "-nan", "inf", "-inf", "+Infinity", "Infinity",
        "-INF"})
    void nonFiniteValuesAreRejected(String word) {
        errorReading("1,2\n\n3," + word + "\n", "line 3, column 2", "'" + word + "'", "not a finite number");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {"0x1p3", "1f", "1d", "1..2", "--1", "1e", "1e+", ".", "e5", "1 2",
        "١"})
    void strictDecimalSyntax(String token) {
        errorReading("1,2\n3,4\n" + token + ",5\n", "line 3, column 1", "is not a number");
    }

    @Test
    void valuesBeyondFloat32AreRejected() {
        errorReading("1,2\n3,1e39\n", "line 2, column 2", "'1e39'", "float32");
        errorReading("1,2\n3,-1e999\n", "line 2, column 2", "float32");
    }

    @Test
    void emptyFieldIsRejected() {
        errorReading("1,2,3\n4,,6\n", "line 2, column 2", "empty field");
    }

    @Test
    void raggedRowsNameExpectedAndActualCounts() {
        errorReading("x,y,z\n1,2,3\n\n4,5\n", "line 4", "expected 3 fields, got 2");
        errorReading("1,2\n3,4,\n", "line 2", "expected 2 fields, got 3");
    }

    @Test
    void headerOfAnotherWidthIsRejected() {
        errorReading("a,b,c\n1,2\n", "line 1", "header has 3 fields", "(line 2) has 2");
    }

    @Test
    void filesWithoutDataRowsAreRejected() {
        errorReading("", "no data rows");
        errorReading("\n  \n", "no data rows");
        errorReading("a,b\n\n", "no data rows", "header");
    }

    @Test
    void missingFileGivesAClearMessage() {
        Path missing = dir.resolve("nowhere.csv");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvRows.open(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void reopenChecksTheWidthStillMatches() {
        Path file = DataTestSupport.write(dir.resolve("w.csv"), "1,2\n");
        CsvRows.reopen(file, 2).close();
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvRows.reopen(file, 3));
        assertTrue(e.getMessage().contains("line 1: expected 3 fields, got 2"), e.getMessage());
    }

    @Test
    void advanceWithoutParsingSkipsMalformedRows() {
        // rows of the other split part are only counted, so a bad field there surfaces when that part is read
        try (CsvRows r = CsvRows.open(DataTestSupport.write(dir.resolve("s.csv"), "1,2\nx,y,z\n5,6\n"))) {
            assertTrue(r.advance());
            assertTrue(r.advance());
            assertTrue(r.advance());
            assertArrayEquals(new double[] {5, 6}, r.values(), 0.0);
            assertEquals(2, r.index());
            assertFalse(r.advance());
        }
    }
}
