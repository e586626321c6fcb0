package org.relgrad.nn.math;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.activations.ActivationKernel;
import org.relgrad.cpu.HostBlas;
import org.relgrad.cpu.HostMemory;

/**
 * The fused CPU form of {@link InvertibleDenseMath}'s relative step: the same formulas, evaluated as BLAS calls
 * straight into preallocated host arrays plus one element-wise pass forward (bias, σ, log σ', the cache for backprop)
 * and one backward (δ), instead of a dozen ND4J operations per layer.
 *
 * <p>Layouts: x, y, z, δ, ε and u are dense c-order [B, D]; W and its gradient are dense [D, D] in the same order
 * (DL4J's is f). A row-major BLAS sees an f-order matrix as its transpose, which the calls below account for.
 * Gradients are batch means (the layer tells DL4J not to divide them again).
 */
public final class InvertibleDenseKernel {

    private InvertibleDenseKernel() {
    }

    /**
     * y = xW + b, then z = σ(y); {@code aux} (may be null) receives what {@link #backward} needs, and {@code y} keeps
     * xW + b unless z is y; {@code c} (may be null, else length ≥ B) receives 1 + y_n·b per example, the bias
     * direction's weights. Returns Σ log σ'(y) over the batch, or NaN if any y is not finite.
     */
    public static double forward(ActivationKernel act, INDArray x, INDArray w, INDArray b, INDArray y, INDArray z,
            INDArray aux, double[] c) {
        int batch = (int) x.rows();
        int d = (int) w.columns();
        // y = 1bᵀ + x W: the bias rows first, then the product added by BLAS (beta = 1), so the element-wise pass
        // below only reads y. An f-order W is, to a row-major BLAS, Wᵀ stored by rows.
        HostMemory.Elements ye = HostMemory.elements(y);
        double[] bias = readAll(b);
        ye.fillRows(bias, d, batch);
        HostBlas.gemm(false, isF(w), batch, d, d, 1.0, x, w, 1.0, y);
        HostMemory.Elements ze = z == y ? ye : HostMemory.elements(z);
        HostMemory.Elements ae = aux == null ? null : HostMemory.elements(aux);
        double[] yc = HostMemory.chunk(0);
        double[] zc = z == y ? yc : HostMemory.chunk(1);
        double[] ac = aux == null ? null : HostMemory.chunk(2);
        long total = (long) batch * d;
        double logSum = 0;
        // c_n = 1 + y_n·b for the bias direction; their sum is also the finiteness check of y (any NaN or infinite
        // y makes it non-finite, since inf·0 is NaN when b_j = 0)
        double[] rowDots = c != null ? c : new double[batch];
        java.util.Arrays.fill(rowDots, 0, batch, 1.0);
        int row = 0;
        int col = 0;
        for (long from = 0; from < total; from += HostMemory.CHUNK) {
            int n = (int) Math.min(HostMemory.CHUNK, total - from);
            ye.read(from, yc, n);
            // the chunk in row segments, so the inner loop has no branch
            for (int i = 0; i < n; ) {
                int len = Math.min(n - i, d - col);
                double dot = 0;
                for (int j = 0; j < len; j++) {
                    dot += yc[i + j] * bias[col + j];
                }
                rowDots[row] += dot;
                i += len;
                col += len;
                if (col == d) {
                    col = 0;
                    row++;
                }
            }
            logSum += act.forward(yc, zc, ac, n);
            ze.write(from, zc, n);
            if (ae != null) {
                ae.write(from, ac, n);
            }
        }
        double check = 0;
        for (int r = 0; r < batch; r++) {
            check += rowDots[r];
        }
        return logSum + 0.0 * check;
    }

    /**
     * Backprop of a relative-gradient layer from ε = ∂L/∂z: δ into {@code delta}, ε_below = δWᵀ into
     * {@code epsBelow} (skipped if null), and the relative direction's batch means into the gradient views:
     * ∇W = ((yWᵀ)ᵀδ)/B − W and ∇b = ((1 + ybᵀ)ᵀδ)/B − (b if {@code biasInLogDetTerm}).
     *
     * @param u    scratch [B, D] for yWᵀ
     * @param c    1 + y_n·b per example, as {@link #forward} wrote it
     */
    public static void backward(ActivationKernel act, INDArray eps, INDArray aux, INDArray y, INDArray w,
            INDArray b, boolean biasInLogDetTerm, INDArray delta, INDArray epsBelow, INDArray u, double[] c,
            INDArray gradW, INDArray gradB) {
        int batch = (int) y.rows();
        int d = (int) w.columns();
        long total = (long) batch * d;
        HostMemory.Elements ee = HostMemory.elements(eps);
        HostMemory.Elements ae = HostMemory.elements(aux);
        HostMemory.Elements de = HostMemory.elements(delta);
        double[] ec = HostMemory.chunk(0);
        double[] ac = HostMemory.chunk(1);
        double[] dc = HostMemory.chunk(2);
        // ∇b = (1 + y bᵀ)ᵀ δ / B − b, accumulated in the δ pass
        double[] gb = new double[d];
        int row = 0;
        int col = 0;
        for (long from = 0; from < total; from += HostMemory.CHUNK) {
            int n = (int) Math.min(HostMemory.CHUNK, total - from);
            ee.read(from, ec, n);
            ae.read(from, ac, n);
            act.delta(ec, ac, dc, n);
            de.write(from, dc, n);
            for (int i = 0; i < n; ) {
                int len = Math.min(n - i, d - col);
                double cr = c[row];
                for (int j = 0; j < len; j++) {
                    gb[col + j] += cr * dc[i + j];
                }
                i += len;
                col += len;
                if (col == d) {
                    col = 0;
                    row++;
                }
            }
        }
        double[] bias = readAll(b);
        double keep = biasInLogDetTerm ? 1.0 : 0.0;
        for (int j = 0; j < d; j++) {
            gb[j] = gb[j] / batch - keep * bias[j];
        }
        HostMemory.elements(gradB).write(0, gb, d);
        boolean wf = isF(w);
        // ε_below = δ Wᵀ (unless nobody needs it) and u = y Wᵀ (an f-order W is Wᵀ to the BLAS: no transpose flag)
        if (epsBelow != null) {
            HostBlas.gemm(false, !wf, batch, d, d, 1.0, delta, w, 0.0, epsBelow);
        }
        HostBlas.gemm(false, !wf, batch, d, d, 1.0, y, w, 0.0, u);
        // ∇W = uᵀδ/B − W. In f order the memory holds ∇Wᵀ = δᵀu/B − Wᵀ, whose −Wᵀ is W's own memory.
        copyScaled(w, gradW, -1.0);
        if (wf) {
            HostBlas.gemm(true, false, d, d, batch, 1.0 / batch, delta, u, 1.0, gradW);
        } else {
            HostBlas.gemm(true, false, d, d, batch, 1.0 / batch, u, delta, 1.0, gradW);
        }
    }

    /** True if the square matrix {@code a} is stored by columns. */
    private static boolean isF(INDArray a) {
        return a.ordering() == 'f';
    }

    private static double[] readAll(INDArray a) {
        double[] out = new double[(int) a.length()];
        HostMemory.Elements e = HostMemory.elements(a);
        double[] chunk = HostMemory.chunk(3);
        for (long from = 0; from < out.length; from += HostMemory.CHUNK) {
            int n = (int) Math.min(HostMemory.CHUNK, out.length - from);
            e.read(from, chunk, n);
            System.arraycopy(chunk, 0, out, (int) from, n);
        }
        return out;
    }

    /** dst = alpha·src, element by element in memory order (BLAS copy and scal: native speed, no conversion). */
    private static void copyScaled(INDArray src, INDArray dst, double alpha) {
        int n = (int) src.length();
        if (src.dataType() == DataType.FLOAT) {
            openblas_nolapack.cblas_scopy(n, HostMemory.floatPointer(src), 1, HostMemory.floatPointer(dst), 1);
            openblas_nolapack.cblas_sscal(n, (float) alpha, HostMemory.floatPointer(dst), 1);
        } else {
            openblas_nolapack.cblas_dcopy(n, HostMemory.doublePointer(src), 1, HostMemory.doublePointer(dst), 1);
            openblas_nolapack.cblas_dscal(n, alpha, HostMemory.doublePointer(dst), 1);
        }
    }
}
