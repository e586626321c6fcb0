package org.relgrad.examples.train;

import org.relgrad.flow.FlowArchitecture;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingPlanTest {

    @Test
    void aSmallTableGetsItsDepthChosenAndEnoughEpochs() {
        // 266 rows in batches of 100: 3 batches per epoch, 30,000 steps would be 10,000 epochs, capped at 2,000
        TrainingPlan p = TrainingPlan.resolve("auto", "auto", "auto", "auto", "auto", "auto", "auto", false, 266, 3);
        assertEquals(List.of(1, 2, 3, 4), p.depths());
        assertEquals(2000, p.epochs());
        assertEquals(100, p.patience());
        assertEquals("depths 1,2,3,4 chosen on validation, up to 2000 epochs, patience 100", p.describe());
    }

    @Test
    void aLargeTableGetsOneDepthAndAtLeastTwentyEpochs() {
        TrainingPlan p = TrainingPlan.resolve("auto", "auto", "auto", "auto", "auto", "auto", "auto", false, 900_000, 9_000);
        assertEquals(List.of(4), p.depths());
        assertEquals(20, p.epochs());
        assertEquals(5, p.patience());
        // 30,000 steps in 500-batch epochs
        assertEquals(60, TrainingPlan.resolve("auto", "auto", "auto", "auto", "auto", "auto", "auto", false, 50_000, 500).epochs());
    }

    @Test
    void mnistGetsThePapersTwoLayersAndTheMeasuredRecipe() {
        TrainingPlan p = TrainingPlan.resolve("auto", "auto", "auto", "auto", "auto", "auto", "auto", true, 50_000, 500);
        assertEquals(List.of(2), p.depths());
        assertEquals(200, p.epochs());
        assertEquals(40, p.patience());
        assertEquals(1e-3, p.lr());
        assertEquals(0.05, p.lrDecay());
        assertEquals(FlowArchitecture.Initialization.IDENTITY, p.init());
        assertEquals(FlowArchitecture.Nonlinearity.SMOOTH_LEAKY_RELU_THEN_SPLINE, p.activation());
        TrainingPlan table = TrainingPlan.resolve("auto", "auto", "auto", "auto", "auto", "auto", "auto", false, 50_000, 500);
        assertEquals(1e-3, table.lr());
        assertEquals(1.0, table.lrDecay());
        assertEquals(FlowArchitecture.Initialization.ORTHOGONAL, table.init());
        assertEquals(FlowArchitecture.Nonlinearity.SMOOTH_LEAKY_RELU, table.activation());
        TrainingPlan given = TrainingPlan.resolve("auto", "auto", "auto", "0.02", "0.5", "orthogonal", "spline", true, 50_000,
                500);
        assertEquals(0.02, given.lr());
        assertEquals(0.5, given.lrDecay());
        assertEquals(FlowArchitecture.Initialization.ORTHOGONAL, given.init());
        assertEquals(FlowArchitecture.Nonlinearity.SPLINE, given.activation());
        String message = assertThrows(IllegalArgumentException.class,
                () -> TrainingPlan.check("auto", "auto", "auto", "auto", "auto", "xavier", "auto")).getMessage();
        assertTrue(message.contains("'--init'") && message.contains("xavier"), message);
    }

    @Test
    void badRatesAreRejectedWithTheOption() {
        for (String bad : new String[] {"0", "-1", "NaN", "Infinity", "fast"}) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> TrainingPlan.check("auto", "auto", "auto", bad, "auto", "auto", "auto"), bad).getMessage();
            assertTrue(m.startsWith("'--lr' must be auto or a positive number"), m);
        }
        for (String bad : new String[] {"0", "1.5", "x"}) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> TrainingPlan.check("auto", "auto", "auto", "auto", bad, "auto", "auto"), bad).getMessage();
            assertTrue(m.startsWith("'--lr-decay' must be auto or"), m);
        }
    }

    @Test
    void explicitValuesWin() {
        TrainingPlan p = TrainingPlan.resolve("3,1", "7", "2", "auto", "auto", "auto", "auto", false, 100, 1);
        assertEquals(List.of(3, 1), p.depths());
        assertEquals(7, p.epochs());
        assertEquals(2, p.patience());
        assertEquals("1 layer, up to 7 epochs, patience 2", TrainingPlan.resolve("1", "7", "2", "auto", "auto", "auto", "auto", false, 100, 1)
                .describe());
    }

    @Test
    void badValuesAreNamed() {
        for (String bad : new String[] {"0", "2,2", "two", "1,", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingPlan.check(bad, "auto", "auto", "auto", "auto", "auto", "auto"), bad);
            assertTrue(e.getMessage().startsWith("'--layers'"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingPlan.check("auto", "-1", "auto", "auto", "auto", "auto", "auto"))
                .getMessage().startsWith("'--epochs' must be auto or a positive integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingPlan.check("auto", "auto", "x", "auto", "auto", "auto", "auto"))
                .getMessage().startsWith("'--patience'"));
    }
}
