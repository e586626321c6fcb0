package org.relgrad.nn.layers;

import java.util.Locale;

/**
 * What a {@link BijectiveLayer} says about its own invertibility at its current parameters, for guards such as
 * {@code InvertibilityGuard}: either a problem (a full sentence naming the layer, for the error a guard throws), or
 * an invertible map with the sign of its Jacobian determinant and, where it means something, a reciprocal condition
 * number.
 *
 * @param problem             null if the layer is a usable bijection; otherwise why not, naming the layer
 * @param determinantSign     +1 or −1: the sign of det ∂f/∂x wherever it is constant in x (the sign of det W for a
 *                            dense layer), whose change between two checks means the parameters passed through a
 *                            singular map; 0 when the layer has no such sign to track (or is not invertible)
 * @param determinantOf       what the sign is the determinant of, for messages ("W"); null when the sign is 0
 * @param reciprocalCondition the reciprocal condition number of the matrix the layer solves with (1/κ₁(W)), NaN when
 *                            the layer solves no linear system (element-wise maps)
 */
public record InvertibilityReport(String problem, int determinantSign, String determinantOf,
        double reciprocalCondition) {

    public InvertibilityReport {
        if (determinantSign < -1 || determinantSign > 1) {
            throw new IllegalArgumentException("Determinant sign must be -1, 0 or +1, got " + determinantSign);
        }
        if (problem == null && determinantSign != 0 && determinantOf == null) {
            throw new IllegalArgumentException("Name what the determinant sign is of");
        }
    }

    /** An invertible map whose determinant sign cannot change (parameter-free, or positive by construction). */
    public static InvertibilityReport invertible() {
        return new InvertibilityReport(null, 0, null, Double.NaN);
    }

    /** An invertible map solving with a matrix of sign {@code sign} and reciprocal condition {@code rcond}. */
    public static InvertibilityReport invertible(int sign, String determinantOf, double reciprocalCondition) {
        return new InvertibilityReport(null, sign, determinantOf, reciprocalCondition);
    }

    /** Not usable as a bijection any more; {@code problem} says why and names the layer. */
    public static InvertibilityReport notInvertible(String problem) {
        if (problem == null) {
            throw new IllegalArgumentException("Say why the layer is not invertible");
        }
        return new InvertibilityReport(problem, 0, null, Double.NaN);
    }

    public boolean isInvertible() {
        return problem == null;
    }

    @Override
    public String toString() {
        return isInvertible() ? String.format(Locale.ROOT, "invertible (sign %+d%s, rcond %.3g)", determinantSign,
                determinantOf == null ? "" : " of det " + determinantOf, reciprocalCondition) : problem;
    }
}
