package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToyDatasetsTest {

    static List<String> names() {
        return ToyDatasets.NAMES;
    }

    @ParameterizedTest
    @MethodSource("names")
    void shapeTypeAndScale(String name) {
        INDArray x = ToyDatasets.generate(name, 500, 7);
        assertArrayEquals(new long[] {500, 2}, x.shape());
        assertEquals(DataType.DOUBLE, x.dataType());
        double[] v = x.data().asDouble();
        for (double d : v) {
            assertTrue(Double.isFinite(d) && Math.abs(d) < 10, name + ": value " + d);
        }
        // spread out in both coordinates, not degenerate
        assertTrue(x.std(0).minNumber().doubleValue() > 0.3, name + ": std " + x.std(0));
    }

    @ParameterizedTest
    @MethodSource("names")
    void deterministicInTheSeed(String name) {
        assertEquals(ToyDatasets.generate(name, 200, 42), ToyDatasets.generate(name, 200, 42));
        assertNotEquals(ToyDatasets.generate(name, 200, 42), ToyDatasets.generate(name, 200, 43));
    }

    @Test
    void namesAreCaseInsensitive() {
        assertEquals(ToyDatasets.generate("moons", 50, 1), ToyDatasets.generate(" Moons", 50, 1));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToyDatasets.generate("swissroll", 10, 1));
        assertTrue(e.getMessage().contains("swissroll"), e.getMessage());
        for (String n : ToyDatasets.NAMES) {
            assertTrue(e.getMessage().contains(n), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ToyDatasets.generate(null, 10, 1));
    }

    @Test
    void nonPositiveSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ToyDatasets.generate("moons", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ToyDatasets.generate("moons", -5, 1));
    }
}
