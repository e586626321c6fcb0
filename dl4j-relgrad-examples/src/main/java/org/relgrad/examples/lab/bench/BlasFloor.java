package org.relgrad.examples.lab.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The arithmetic floor of a relative-gradient training step: the four matrix products per layer that the step cannot
 * avoid, timed straight through OpenBLAS ({@code cblas_sgemm}, float32) on native buffers, with nothing else.
 *
 * <p>Per layer, with x, y, δ, ε of shape [B, D] and W [D, D] (row convention, as in the core library):
 * <pre>
 *   y = x W             [B,D]×[D,D]     forward
 *   ε = δ Wᵀ            [B,D]×[D,D]ᵀ    gradient passed to the layer below
 *   u = y Wᵀ            [B,D]×[D,D]ᵀ    relative gradient, first factor
 *   G = uᵀ δ            [D,B]×[B,D]     relative gradient of W
 * </pre>
 * each 2·B·D² flops: 8·B·D² per layer, except that the first layer's ε (the gradient with respect to the data) is not
 * needed, so (8L − 2)·B·D² for L layers. Element-wise work (activations, bias) is O(B·D) and left out; the update's
 * O(D²) memory pass is added by the bench at the measured memory bandwidth ({@link MemoryBandwidth}).
 */
final class BlasFloor implements TrainingStep {

    // operand buffers of one layer
    private static final int X = 0;
    private static final int W = 1;
    private static final int Y = 2;
    private static final int DELTA = 3;
    private static final int EPS = 4;
    private static final int U = 5;
    private static final int G = 6;

    /** One GEMM of the step: C = op(A) [m, k] times op(B) [k, n], operands named by their buffer index. */
    record Gemm(String what, int m, int n, int k, boolean transA, boolean transB, int a, int b, int c) {
        long flops() {
            return 2L * m * n * k;
        }
    }

    /** The four products of one layer, in the order the step runs them. */
    static List<Gemm> layerGemms(int batch, int d) {
        return List.of(
                new Gemm("y = x W", batch, d, d, false, false, X, W, Y),
                new Gemm("eps = delta W^T", batch, d, d, false, true, DELTA, W, EPS),
                new Gemm("u = y W^T", batch, d, d, false, true, Y, W, U),
                new Gemm("G = u^T delta", d, d, batch, true, false, U, DELTA, G));
    }

    /** Flops of the floor of one step: 8·B·D² per layer, less the first layer's ε product. */
    static long flops(int batch, int d, int layers) {
        long perLayer = 0;
        for (Gemm g : layerGemms(batch, d)) {
            perLayer += g.flops();
        }
        return perLayer * layers - 2L * batch * d * d;
    }

    /** True for the one product the step skips: ε of the first layer, which nothing uses. */
    private static boolean skipped(int layer, Gemm g) {
        return layer == 0 && g.c() == EPS;
    }

    private final List<Gemm> gemms;
    private final List<FloatPointer[]> layerBuffers = new ArrayList<>();

    BlasFloor(int batch, int d, int layers, long seed) {
        this.gemms = layerGemms(batch, d);
        Random rng = new Random(seed);
        for (int k = 0; k < layers; k++) {
            // X, W, Y, DELTA, EPS, U, G
            long[] sizes = {(long) batch * d, (long) d * d, (long) batch * d, (long) batch * d, (long) batch * d,
                (long) batch * d, (long) d * d};
            FloatPointer[] bufs = new FloatPointer[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                bufs[i] = new FloatPointer(sizes[i]);
                float[] v = new float[(int) sizes[i]];
                double scale = i == W ? 1 / Math.sqrt(d) : 1.0; // keeps the products' magnitudes realistic
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) (scale * rng.nextGaussian());
                }
                bufs[i].put(v);
            }
            layerBuffers.add(bufs);
        }
    }

    @Override
    public void run() {
        for (int layer = 0; layer < layerBuffers.size(); layer++) {
            FloatPointer[] p = layerBuffers.get(layer);
            for (Gemm g : gemms) {
                if (skipped(layer, g)) {
                    continue;
                }
                // row-major: A is stored [m, k] (or [k, m] when transposed), B [k, n] (or [n, k]), C [m, n]
                openblas.cblas_sgemm(openblas.CblasRowMajor, g.transA() ? openblas.CblasTrans : openblas.CblasNoTrans,
                        g.transB() ? openblas.CblasTrans : openblas.CblasNoTrans, g.m(), g.n(), g.k(), 1f, p[g.a()],
                        g.transA() ? g.m() : g.k(), p[g.b()], g.transB() ? g.k() : g.n(), 0f, p[g.c()], g.n());
            }
        }
    }

    @Override
    public void close() {
        for (FloatPointer[] bufs : layerBuffers) {
            for (FloatPointer p : bufs) {
                p.close();
            }
        }
        layerBuffers.clear();
    }
}
