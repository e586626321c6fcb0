package org.relgrad.examples.ica;

import org.junit.jupiter.api.Test;
import org.relgrad.examples.CliRun;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IcaCommandTest {

    private static double mcc(String out, String model) {
        Matcher m = Pattern.compile(Pattern.quote(model) + "\\s+MCC (\\S+)").matcher(out);
        assertTrue(m.find(), "no MCC line for " + model + " in:\n" + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void tinyRunReportsAnMccPerModelAndTheConditionalFlowLearnsSomething() {
        CliRun r = CliRun.of("ica", "--dims", "3", "--segments", "6", "--per-segment", "100", "--epochs", "40",
                "--mixing-layers", "1", "--layers", "2", "--seed", "2");
        assertEquals(0, r.code(), r.err());
        double conditional = mcc(r.out(), "conditional flow (relative gradient)");
        double unconditional = mcc(r.out(), "unconditional flow, Laplace base");
        double normalBase = mcc(r.out(), "unconditional flow, normal base");
        double linear = mcc(r.out(), "linear ICA (FastICA)");
        for (double v : new double[] {conditional, unconditional, normalBase, linear}) {
            assertTrue(v >= 0 && v <= 1, r.out());
        }
        // with a linear mixing the sources are recoverable; raw observations give about 0.6-0.7 (see IcaDataTest)
        assertTrue(conditional > 0.8, r.out());
    }

    @Test
    void badArgumentsExitWithTwo() {
        assertEquals(2, CliRun.of("ica", "--dims", "0").code());
        assertEquals(2, CliRun.of("ica", "--alpha", "1.5").code());
        CliRun r = CliRun.of("ica", "--activation", "relu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown activation 'relu'"), r.err());
    }
}
