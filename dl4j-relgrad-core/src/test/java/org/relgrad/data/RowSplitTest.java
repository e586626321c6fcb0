package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RowSplitTest {

    private static int validationCount(RowSplit split, int rows) {
        int n = 0;
        for (int i = 0; i < rows; i++) {
            if (split.isValidation(i)) {
                n++;
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.1, 0.2, 0.5, 0.9})
    void fractionIsCloseToTheRequestedOne(double fraction) {
        int n = validationCount(new RowSplit(fraction, 42), 10_000);
        // binomial standard deviation is at most 50 on 10,000 rows; 4 sigma
        assertEquals(fraction * 10_000, n, 4 * Math.sqrt(10_000 * fraction * (1 - fraction)) + 1);
    }

    @Test
    void tinyFractionSelectsAlmostNothingWhateverTheSeed() {
        // guards against a hash fixed point (row 0 with seed 0 once landed in every validation part)
        int selected = 0;
        for (long seed = 0; seed < 20; seed++) {
            selected += validationCount(new RowSplit(1e-6, seed), 1_000);
        }
        assertEquals(0, selected);
    }

    @Test
    void trainIsExactlyTheComplement() {
        RowSplit split = new RowSplit(0.3, 5);
        for (long i = 0; i < 1000; i++) {
            assertNotEquals(split.isValidation(i), split.isTrain(i));
        }
    }

    @Test
    void dependsOnlyOnIndexAndSeed() {
        RowSplit a = new RowSplit(0.2, 7);
        RowSplit b = new RowSplit(0.2, 7);
        for (long i = 0; i < 1000; i++) {
            assertEquals(a.isValidation(i), b.isValidation(i));
        }
    }

    @Test
    void neighbouringSeedsGiveUnrelatedSplits() {
        RowSplit a = new RowSplit(0.5, 1);
        RowSplit b = new RowSplit(0.5, 2);
        int same = 0;
        for (long i = 0; i < 10_000; i++) {
            if (a.isValidation(i) == b.isValidation(i)) {
                same++;
            }
        }
        assertEquals(5000, same, 250);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN})
    void fractionsOutsideTheOpenUnitIntervalAreRejected(double fraction) {
        assertThrows(IllegalArgumentException.class, () -> new RowSplit(fraction, 0));
    }
}
