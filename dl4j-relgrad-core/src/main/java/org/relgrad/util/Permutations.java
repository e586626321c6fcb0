package org.relgrad.util;

import java.util.Random;

/** Random orders of rows: the one shuffle behind every split and epoch order, so a seed means the same everywhere. */
public final class Permutations {
    private Permutations() {
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates, drawing {@code random.nextInt(i + 1)} for i = n-1..1). */
    public static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
