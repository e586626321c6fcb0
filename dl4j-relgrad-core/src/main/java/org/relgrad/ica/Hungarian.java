package org.relgrad.ica;

import java.util.Arrays;

/**
 * Hungarian (Kuhn-Munkres) algorithm, O(n^2 m), potential-based formulation with shortest augmenting paths.
 * Solves the rectangular assignment problem for an n x m cost matrix with n &le; m: every row gets a distinct
 * column and the total cost is minimal.
 */
public final class Hungarian {

    private Hungarian() {
    }

    /**
     * Minimum-cost assignment.
     *
     * @param cost n x m matrix, n &le; m, finite entries
     * @return {@code assignment[row] = column}, distinct columns
     */
    public static int[] minimize(double[][] cost) {
        int n = cost.length;
        if (n == 0) {
            return new int[0];
        }
        int m = cost[0].length;
        if (n > m) {
            throw new IllegalArgumentException("need rows <= columns, got " + n + " x " + m);
        }
        for (double[] row : cost) {
            if (row.length != m) {
                throw new IllegalArgumentException("ragged cost matrix");
            }
            for (double c : row) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("non-finite cost " + c);
                }
            }
        }
        // 1-based arrays; column 0 is a virtual column holding the row being inserted
        double[] u = new double[n + 1]; // row potentials
        double[] v = new double[m + 1]; // column potentials
        int[] p = new int[m + 1]; // p[j] = row matched to column j (0 = free)
        int[] way = new int[m + 1]; // predecessor column on the alternating path
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do { // augment along the path
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] assignment = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                assignment[p[j] - 1] = j - 1;
            }
        }
        return assignment;
    }

    /** Maximum-weight assignment ({@code assignment[row] = column}), n &le; m. */
    public static int[] maximize(double[][] weight) {
        double[][] neg = new double[weight.length][];
        for (int i = 0; i < weight.length; i++) {
            neg[i] = new double[weight[i].length];
            for (int j = 0; j < weight[i].length; j++) {
                neg[i][j] = -weight[i][j];
            }
        }
        return minimize(neg);
    }

    /** Total of {@code matrix[i][assignment[i]]}. */
    public static double total(double[][] matrix, int[] assignment) {
        double s = 0;
        for (int i = 0; i < assignment.length; i++) {
            s += matrix[i][assignment[i]];
        }
        return s;
    }
}
