package org.relgrad.data;

/**
 * Assigns each row to the training or the validation part by hashing its index with a seed, so the assignment needs
 * neither the row count nor any state: a file streamed again every epoch splits the same way on every pass, and the
 * two parts are disjoint and together cover all rows.
 */
final class RowSplit {
    /** The increment of {@code SplittableRandom}: the row index steps through the hash input like its state does. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final double validFraction;
    private final long mixedSeed;

    /**
     * @param validFraction expected share of rows in the validation part, in (0, 1): 0 would leave validation empty
     *                      and 1 training empty, both of which the callers would have to treat specially
     * @throws IllegalArgumentException for a fraction outside (0, 1)
     */
    RowSplit(double validFraction, long seed) {
        if (!(validFraction > 0 && validFraction < 1)) {
            throw new IllegalArgumentException("Validation fraction must be in (0, 1), got " + validFraction);
        }
        this.validFraction = validFraction;
        // pre-mix the seed so that nearby seeds (0, 1, 2, ...) give unrelated splits; the odd constant keeps seed 0
        // away from mix64's fixed point 0, which would put row 0 into every validation part
        this.mixedSeed = mix64(seed ^ GOLDEN_GAMMA);
    }

    /** Whether the row with 0-based data index {@code row} belongs to the validation part. */
    boolean isValidation(long row) {
        double u = (mix64(mixedSeed + row * GOLDEN_GAMMA) >>> 11) * 0x1.0p-53;
        return u < validFraction;
    }

    /** Whether the row belongs to the training part: exactly the rows not in validation. */
    boolean isTrain(long row) {
        return !isValidation(row);
    }

    /** The 64-bit finaliser of {@code SplittableRandom}: consecutive inputs give independent-looking outputs. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
