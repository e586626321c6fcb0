package org.relgrad.examples.lab.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The training steps {@code relgrad bench} times, by their command-line names. */
enum BenchMethod {
    /** FlowNetwork of InvertibleDenseLayers, {@code GradientMode.RELATIVE}: O(B·D²), no inverse. */
    RELATIVE("relative"),
    /** The same network with {@code GradientMode.EUCLIDEAN}: W^{-T} by LAPACK getrf/getri every step, O(D³). */
    ORDINARY("ordinary"),
    /** The same flow with log|det J| from the explicit per-example Jacobian (LU): O(B·D³). */
    AUTODIFF("autodiff"),
    /** The step's four GEMMs per layer through OpenBLAS, nothing else. */
    FLOOR("floor"),
    /** A stock DL4J MultiLayerNetwork of DenseLayers of the same shape with an MSE loss. */
    DL4J_DENSE("dl4j-dense");

    final String label;

    BenchMethod(String label) {
        this.label = label;
    }

    static Optional<BenchMethod> parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.label.equals(n)).findFirst();
    }

    /** The valid names, comma-separated. */
    static String names() {
        return Arrays.stream(values()).map(m -> m.label).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return label;
    }
}
