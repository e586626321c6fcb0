package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSpecTest {
    @TempDir
    Path dir;

    @Test
    void opensEachKind() {
        Path csv = DataTestSupport.write(dir.resolve("points.csv"), "x,y,z\n1,2,3\n4,5,6\n");
        DataSource fromCsv = DataSpec.open("csv:" + csv, 0);
        assertEquals("points.csv", fromCsv.name());
        assertEquals(3, fromCsv.dims());

        DataSource toy = DataSpec.open("toy:8gaussians?n=100", 0);
        assertEquals("8gaussians", toy.name());
        assertEquals(2, toy.dims());

        DataSource mnist = DataSpec.open("mnist:" + MnistTestFiles.directory(dir, 6, 1, 2, 2), 0);
        assertEquals("mnist", mnist.name());
        assertEquals(4, mnist.dims());
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo:x", "moons", "CSV:a.csv", ":x", ""})
    void unknownSchemesAreRejectedWithTheValidOnes(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.open(spec, 0));
        assertEquals("Unknown data spec '" + spec + "': use csv:PATH, mnist:DIR or toy:NAME", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv:", "mnist:", "toy: "})
    void emptyArgumentsAreRejected(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.open(spec, 0));
        assertTrue(e.getMessage().contains("names nothing after the colon"), e.getMessage());
    }

    @Test
    void missingCsvFileIsADataFormatException() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSpec.open("csv:" + dir.resolve("missing.csv"), 0));
        assertTrue(e.getMessage().endsWith("missing.csv: no such file"), e.getMessage());
    }

    @Test
    void unknownToyNameIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> DataSpec.open("toy:nope", 0));
    }
}
