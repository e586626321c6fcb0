package org.relgrad.data;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables on which a likelihood is meaningless are named with the column (from 1) and the reason. */
class DataDiagnosticsTest {

    private static double[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void aHealthyContinuousTableHasNoProblemNoGridAndNoBound() {
        DataDiagnostics d = DataDiagnostics.of(gaussian(500, 4, 1), 4, "t.csv");
        assertNull(d.problem());
        assertEquals("", d.gridColumns());
        assertEquals(Double.POSITIVE_INFINITY, d.logLikelihoodBound());
    }

    @Test
    void aDuplicatedColumnIsNamedWithTheColumnItCopies() {
        double[][] x = gaussian(500, 4, 2);
        for (double[] row : x) {
            row[3] = row[1];
        }
        String p = DataDiagnostics.of(x, 4, "t.csv").problem();
        assertTrue(p != null && p.startsWith("Column 4 of t.csv duplicates column 2"), p);
    }

    @Test
    void aLinearCombinationOfOtherColumnsIsFound() {
        double[][] x = gaussian(500, 4, 3);
        for (double[] row : x) {
            row[2] = row[0] - 2 * row[1] + 1e-7 * row[3];
        }
        String p = DataDiagnostics.of(x, 4, "t.csv").problem();
        assertTrue(p != null && p.startsWith("Column 3 of t.csv is almost a linear combination"), p);
    }

    @Test
    void aConstantColumnIsAProblemWhateverItsValue() {
        double[][] x = gaussian(300, 3, 4);
        for (double[] row : x) {
            row[1] = 0.1; // 0.1 summed 300 times is not 30: the check must not rely on a computed spread
        }
        String p = DataDiagnostics.of(x, 3, "t.csv").problem();
        assertTrue(p != null && p.startsWith("Column 2 of t.csv is constant"), p);
    }

    @Test
    void fewerRowsThanColumnsIsAProblem() {
        String p = DataDiagnostics.of(gaussian(3, 5, 5), 5, "t.csv").problem();
        assertTrue(p != null && p.contains("3 rows for 5 columns"), p);
    }

    @Test
    void gridStepsAndTheBoundTheyGive() {
        Random r = new Random(6);
        double[][] x = new double[400][3];
        for (double[] row : x) {
            row[0] = r.nextInt(5);              // integers: step 1
            row[1] = 0.25 * (r.nextInt(9) - 4); // quarters: step 0.25
            row[2] = r.nextGaussian();          // continuous
        }
        DataDiagnostics d = DataDiagnostics.of(x, 3, "t.csv");
        assertNull(d.problem());
        assertEquals(1.0, d.gridSteps()[0], 1e-12);
        assertEquals(0.25, d.gridSteps()[1], 1e-12);
        assertEquals(0.0, d.gridSteps()[2]);
        assertEquals("1, 2", d.gridColumns());
        // not every column is on a grid: no bound
        assertEquals(Double.POSITIVE_INFINITY, d.logLikelihoodBound());
        for (double[] row : x) {
            row[2] = 10 * r.nextInt(3);
        }
        // -log 1 - log 0.25 - log 10
        assertEquals(Math.log(4) - Math.log(10), DataDiagnostics.of(x, 3, "t.csv").logLikelihoodBound(), 1e-12);
    }
}
