package org.relgrad.linalg;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An LU factorisation (column-major, LAPACK layout) of a square matrix, reusable for determinants and solves. */
public final class LuFactors {
    private final int n;
    private final double[] factors;
    private final int[] pivots;
    private final double norm1;

    LuFactors(int n, double[] factors, int[] pivots, double norm1) {
        this.n = n;
        this.factors = factors;
        this.pivots = pivots;
        this.norm1 = norm1;
    }

    public int n() {
        return n;
    }

    double[] factors() {
        return factors;
    }

    int[] pivots() {
        return pivots;
    }

    /**
     * True when A is singular to working precision: a pivot is not finite, or |u_ii| ≤ n·ε·max_j |u_jj| (ε = 2^-52).
     * An exactly singular matrix rarely yields an exact zero pivot: rounding leaves pivots of 1e-16 relative size,
     * whose "log-determinant" would be meaningless.
     */
    public boolean isSingular() {
        return HostLapack.singularPivot(n, k -> factors[k * n + k], Math.ulp(1.0));
    }

    /**
     * LAPACK's estimate of 1/κ₁(A), the reciprocal condition number in the 1-norm (O(n²) given the LU): near 1 for an
     * orthogonal matrix, near machine precision when A is numerically singular; 0 when {@link #isSingular()}.
     */
    public double reciprocalCondition() {
        if (isSingular()) {
            return 0.0;
        }
        double[] rcond = new double[1];
        int info = HostLapack.onLapackThread(() -> openblas.LAPACKE_dgecon(openblas.LAPACK_COL_MAJOR, (byte) '1', n,
                factors, n, norm1, rcond));
        if (info != 0) {
            throw new IllegalStateException("LAPACKE_dgecon failed with info " + info);
        }
        return rcond[0];
    }

    /** log|det A| = sum of log|u_ii|; -infinity when {@link #isSingular()}, NaN if A held NaN entries. */
    public double logAbsDet() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(Math.abs(factors[i * n + i]));
        }
        return Double.isNaN(s) || !isSingular() ? s : Double.NEGATIVE_INFINITY;
    }

    /** Sign of det A: +1, -1, or 0 when {@link #isSingular()}. */
    public int signOfDet() {
        if (isSingular()) {
            return 0;
        }
        int sign = 1;
        for (int i = 0; i < n; i++) {
            double u = factors[i * n + i];
            if (u == 0.0) {
                return 0;
            }
            if (u < 0) {
                sign = -sign;
            }
            if (pivots[i] != i + 1) {
                sign = -sign;
            }
        }
        return sign;
    }

    /**
     * Solves X A = B for X (row convention: each row of B is a right-hand side), i.e. X = B A^{-1}.
     *
     * @param b [rows, n]
     * @return X in the data type of {@code b}
     */
    public INDArray solveRight(INDArray b) {
        if (isSingular()) {
            throw new ArithmeticException("Matrix is singular");
        }
        // X A = B  <=>  A^T X^T = B^T: B^T column-major is B row-major
        int rows = (int) b.rows();
        INDArray bc = (b.dataType() == DataType.DOUBLE ? b : b.castTo(DataType.DOUBLE)).dup('c');
        double[] rhs = bc.data().asDouble();
        int info = HostLapack.onLapackThread(() -> openblas.LAPACKE_dgetrs(openblas.LAPACK_COL_MAJOR, (byte) 'T', n,
                rows, factors, n, pivots, rhs, n));
        if (info != 0) {
            throw new IllegalStateException("LAPACKE_dgetrs failed, info=" + info);
        }
        INDArray x = Nd4j.create(rhs, new long[] {rows, n}, 'c');
        return b.dataType() == DataType.DOUBLE ? x : x.castTo(b.dataType());
    }
}
