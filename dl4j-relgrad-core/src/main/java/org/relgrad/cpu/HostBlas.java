package org.relgrad.cpu;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major GEMM straight on the host memory of ND4J arrays, through the very OpenBLAS library (and thread pool) that
 * ND4J's CPU backend calls.
 *
 * <p>{@code Nd4j.gemm} adds shape checks, an op object and a layout decision per call (hundreds of µs at small shapes
 * here); this is one JNI call. Operands are described by their memory layout, so an f-order [n, m] array is passed as
 * a row-major [m, n] matrix, i.e. as its transpose.
 */
public final class HostBlas {
    private HostBlas() {
    }

    /**
     * C = alpha·op(A)·op(B) + beta·C, all row-major; op(A) is [m, k], op(B) [k, n], C [m, n]. {@code a}, {@code b}
     * and {@code c} are dense arrays of one data type whose memory holds A (or Aᵀ when {@code transA}), B (or Bᵀ) and
     * C row by row.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, INDArray a,
            INDArray b, double beta, INDArray c) {
        DataType t = c.dataType();
        if (a.dataType() != t || b.dataType() != t) {
            throw new IllegalArgumentException("Mixed data types " + a.dataType() + ", " + b.dataType() + ", " + t);
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (t == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, (float) alpha,
                    HostMemory.floatPointer(a), lda, HostMemory.floatPointer(b), ldb, (float) beta,
                    HostMemory.floatPointer(c), n);
        } else if (t == DataType.DOUBLE) {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, alpha,
                    HostMemory.doublePointer(a), lda, HostMemory.doublePointer(b), ldb, beta,
                    HostMemory.doublePointer(c), n);
        } else {
            throw new IllegalArgumentException("Fused kernels support float and double, not " + t);
        }
    }
}
