package org.relgrad.examples.lab.bench;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Row-major GEMM and LU on the host memory of ND4J arrays, straight through the OpenBLAS that ND4J's CPU backend is
 * built on (the same library and thread pool), without copies.
 *
 * <p>The benchmark's baselines call this to be as fast as the machine allows: ND4J's own {@code gemm} reaches only
 * part of OpenBLAS's rate on these shapes (DESIGN.md §3). Only for the CPU backend; every operand must be a dense
 * row-major ('c', default strides) FLOAT or DOUBLE array, views included. Offsets and leading dimensions are in
 * elements and are bounds-checked so that a wrong shape throws instead of corrupting memory.
 */
final class HostBlas {
    private HostBlas() {
    }

    /**
     * C = alpha·op(A)·op(B) + beta·C with op(A) [m, k], op(B) [k, n], C [m, n], each stored row-major from element
     * {@code off*} of its array with leading dimension {@code ld*}.
     */
    static void gemm(boolean transA, boolean transB, long m, long n, long k, double alpha,
            INDArray a, long offA, long lda, INDArray b, long offB, long ldb, double beta,
            INDArray c, long offC, long ldc) {
        DataType type = c.dataType();
        checkOperand("A", a, type, offA, lda, transA ? k : m, transA ? m : k);
        checkOperand("B", b, type, offB, ldb, transB ? n : k, transB ? k : n);
        checkOperand("C", c, type, offC, ldc, m, n);
        int ta = transA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = transB ? openblas.CblasTrans : openblas.CblasNoTrans;
        if (type == DataType.FLOAT) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, ta, tb, toInt(m), toInt(n), toInt(k), (float) alpha,
                    floats(a, offA), toInt(lda), floats(b, offB), toInt(ldb), (float) beta, floats(c, offC),
                    toInt(ldc));
        } else {
            openblas.cblas_dgemm(openblas.CblasRowMajor, ta, tb, toInt(m), toInt(n), toInt(k), alpha,
                    doubles(a, offA), toInt(lda), doubles(b, offB), toInt(ldb), beta, doubles(c, offC), toInt(ldc));
        }
    }

    /** C = op(A)·op(B) for whole 2-D arrays (C is overwritten). */
    static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
        long m = transA ? a.columns() : a.rows();
        long k = transA ? a.rows() : a.columns();
        long n = transB ? b.rows() : b.columns();
        long kb = transB ? b.columns() : b.rows();
        if (k != kb || c.rows() != m || c.columns() != n) {
            throw new IllegalArgumentException("gemm shapes do not match: A" + Arrays.toString(a.shape())
                    + (transA ? "^T" : "") + " B" + Arrays.toString(b.shape()) + (transB ? "^T" : "") + " C"
                    + Arrays.toString(c.shape()));
        }
        gemm(transA, transB, m, n, k, 1.0, a, 0, a.columns(), b, 0, b.columns(), 0.0, c, 0, c.columns());
    }

    /**
     * In place: the n×n matrix stored at element {@code off} of {@code a} (leading dimension n), read in LAPACK's
     * column-major layout as X, is replaced by X^{-1} (getrf + getri). Row-major, that matrix is Xᵀ and its result is
     * (X^{-1})ᵀ = (Xᵀ)^{-1}: the inverse either way.
     *
     * @param pivots work array of at least n ints
     * @return log|det X|
     * @throws ArithmeticException if X is singular
     */
    static double invertInPlace(INDArray a, long off, int n, IntPointer pivots) {
        checkOperand("A", a, a.dataType(), off, n, n, n);
        int info;
        double logAbsDet = 0;
        if (a.dataType() == DataType.FLOAT) {
            FloatPointer p = floats(a, off);
            info = openblas.LAPACKE_sgetrf(openblas.LAPACK_COL_MAJOR, n, n, p, n, pivots);
            if (info == 0) {
                for (int i = 0; i < n; i++) {
                    logAbsDet += Math.log(Math.abs(p.get((long) i * (n + 1))));
                }
                info = openblas.LAPACKE_sgetri(openblas.LAPACK_COL_MAJOR, n, p, n, pivots);
            }
        } else {
            DoublePointer p = doubles(a, off);
            info = openblas.LAPACKE_dgetrf(openblas.LAPACK_COL_MAJOR, n, n, p, n, pivots);
            if (info == 0) {
                for (int i = 0; i < n; i++) {
                    logAbsDet += Math.log(Math.abs(p.get((long) i * (n + 1))));
                }
                info = openblas.LAPACKE_dgetri(openblas.LAPACK_COL_MAJOR, n, p, n, pivots);
            }
        }
        if (info > 0) {
            throw new ArithmeticException("Matrix is singular (zero pivot " + info + ")");
        }
        if (info < 0) {
            throw new IllegalStateException("LAPACKE getrf/getri: illegal argument " + (-info));
        }
        return logAbsDet;
    }

    private static FloatPointer floats(INDArray a, long off) {
        return new FloatPointer(address(a)).position(off);
    }

    private static DoublePointer doubles(INDArray a, long off) {
        return new DoublePointer(address(a)).position(off);
    }

    /** Host address of element 0 of {@code a} (ND4J's buffer of a view already starts at the view's offset). */
    private static Pointer address(INDArray a) {
        return a.data().addressPointer();
    }

    private static void checkOperand(String name, INDArray a, DataType type, long off, long ld, long rows,
            long cols) {
        if (a.dataType() != type || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            throw new IllegalArgumentException("Operand " + name + " is " + a.dataType() + "; expected " + type
                    + " (FLOAT or DOUBLE)");
        }
        if (!isDenseRowMajor(a)) {
            throw new IllegalArgumentException("Operand " + name + " must be dense row-major ('c', default strides), "
                    + "got order " + a.ordering() + " strides " + Arrays.toString(a.stride()));
        }
        if (off < 0 || ld < cols || rows < 0 || cols < 0
                || (rows > 0 && cols > 0 && off + (rows - 1) * ld + cols > a.length())) {
            throw new IllegalArgumentException("Operand " + name + ": a " + rows + "x" + cols + " matrix at offset "
                    + off + " with leading dimension " + ld + " does not fit in " + a.length() + " elements");
        }
    }

    static boolean isDenseRowMajor(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    private static int toInt(long v) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Dimension " + v + " exceeds the 32-bit BLAS interface");
        }
        return (int) v;
    }
}
