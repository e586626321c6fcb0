package org.relgrad.util;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PermutationsTest {

    @Test
    void everyIndexOnceAndTheSameOrderForTheSameSeed() {
        int[] p = Permutations.shuffled(1000, new Random(7));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(p, Permutations.shuffled(1000, new Random(7)));
        assertEquals(0, Permutations.shuffled(0, new Random(1)).length);
    }

    /** Each of the 3! orders of 0, 1, 2 about equally often: 60,000 draws, 1/6 ± 0.01 (≈ 6 standard errors). */
    @Test
    void allOrdersEquallyLikely() {
        Random r = new Random(11);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 60_000;
        for (int k = 0; k < draws; k++) {
            counts.merge(Arrays.toString(Permutations.shuffled(3, r)), 1, Integer::sum);
        }
        assertEquals(6, counts.size());
        for (int c : counts.values()) {
            assertEquals(1.0 / 6, (double) c / draws, 0.01);
        }
    }
}
