package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** csv:PATH?dequantize: grid columns get noise within half a step, continuous columns none. */
class DequantizedExampleSourceTest {

    @Test
    void gridColumnsGetNoiseWithinHalfAStepFreshPerEpochAndFixedForEvaluation(@TempDir Path dir) {
        java.util.Random r = new java.util.Random(1);
        double[][] table = new double[300][2];
        for (double[] row : table) {
            row[0] = 0.5 * r.nextInt(4);   // grid of step 0.5
            row[1] = r.nextGaussian();     // continuous
        }
        Path csv = DataTestSupport.writeCsv(dir.resolve("g.csv"), null, table);
        DataSource source = DataSpec.open("csv:" + csv + DataSpec.DEQUANTIZE, 7);
        List<float[]> eval = DataTestSupport.drain(source.evaluation().iterator(64, null));
        assertEquals(table.length, eval.size());
        boolean moved = false;
        for (int i = 0; i < table.length; i++) {
            double noise = eval.get(i)[0] - table[i][0];
            assertTrue(Math.abs(noise) <= 0.25 + 1e-6, "row " + i + ": noise " + noise);
            moved |= Math.abs(noise) > 1e-3;
            assertEquals(table[i][1], eval.get(i)[1], 1e-6, "continuous column unchanged");
        }
        assertTrue(moved);
        // evaluation is repeatable, training noise differs between epochs
        assertEquals(DataTestSupport.keys(eval), DataTestSupport.keys(DataTestSupport.drain(source.evaluation()
                .iterator(64, null))));
        // (as multisets: the shuffle seeds also change the order)
        ExampleSource train = source.split(0.2, 1).train();
        assertEquals(sorted(train, 1L), sorted(train, 1L));
        assertNotEquals(sorted(train, 1L), sorted(train, 2L));
    }

    private static List<String> sorted(ExampleSource s, long epochSeed) {
        List<String> k = new java.util.ArrayList<>(DataTestSupport.keys(DataTestSupport.drain(s.iterator(64,
                epochSeed))));
        java.util.Collections.sort(k);
        return k;
    }
}
