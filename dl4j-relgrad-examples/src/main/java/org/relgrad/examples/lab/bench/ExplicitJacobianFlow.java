package org.relgrad.examples.lab.bench;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.relgrad.activations.InvertibleActivation;
import org.relgrad.density.BaseDensity;
import org.relgrad.nn.layers.DensityOutputLayerImpl;
import org.relgrad.nn.layers.InvertibleDenseLayerImpl;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The paper's "autodiff" baseline: maximum-likelihood training of the same flow of square dense layers, but with the
 * log-determinant of the network taken from its explicit per-example Jacobian instead of the layer-wise structure.
 *
 * <p>Row convention: y_k = z_{k-1} W_k + b_k, z_k = σ_k(y_k), dz_L = dx·J with J_n = W_1 S_{1,n} W_2 S_{2,n} ⋯
 * W_L S_{L,n} and S_{k,n} = diag σ_k'(y_{k,n}). The loss is Σ_n −log p(z_{L,n}) − log|det J_n|. For every example
 * the step builds J_n, takes log|det J_n| and M_n = J_n^{-1} by LU, and back-propagates ∂ log|det J_n|/∂J_n = M_nᵀ
 * through the product: with the prefix products P_k = P_{k-1} W_k S_k (P_0 = I) and Q_k = P_{k-1} W_k,
 * <pre>
 *   Ĝ_{P_L} = M_nᵀ,
 *   ∂/∂S_k (diagonal)  g_{k,i} = Σ_r (Q_k)_{ri} (Ĝ_{P_k})_{ri}    →  ∂/∂y_{k,i} = g_{k,i} σ_k''(y_{k,i})
 *   Ĝ_{Q_k} = Ĝ_{P_k} S_k,  ∂/∂W_k += P_{k-1}ᵀ Ĝ_{Q_k},  Ĝ_{P_{k-1}} = Ĝ_{Q_k} W_kᵀ.
 * </pre>
 * The ∂/∂y terms then join the ordinary back-propagation of −log p(z) through the layers, which also carries them to
 * the earlier weights and biases. Nothing uses log|det J| = Σ log|det W_k| + Σ log σ': this is what a generic
 * autodiff of slogdet(J) costs, O(B·D³) per step (for two layers: one D³ product per example to build J, an LU and
 * an inverse, two D³ products back).
 *
 * <p>All D×D×D products are done for a chunk of examples at once by stacking their matrices into one tall operand
 * ([m·D, D]) for a single OpenBLAS GEMM; the LUs go to LAPACK in place on the stacked host memory. The step applies
 * the same update as a DL4J network (gradient divided by the batch size, then the updater on the flat parameters).
 */
public final class ExplicitJacobianFlow implements AutoCloseable {
    /** Upper bound on the stacked per-example matrices held at once (bytes); larger batches are done in chunks. */
    static final long STACK_BYTES = 512L << 20;

    private final int d;
    private final int layers;
    private final DataType type;
    private final InvertibleActivation[] acts;
    private final BaseDensity density;
    private final INDArray params;
    private final INDArray gradient;
    private final INDArray[] w;
    private final INDArray[] b;
    private final INDArray[] gradW;
    private final INDArray[] gradB;
    /** Σ_n ∂ log|det J_n|/∂W_k through W_k directly (the "P_{k-1}ᵀ Ĝ_{Q_k}" terms). */
    private final INDArray[] logDetGradW;
    private final GradientUpdater<?> updater;
    private final IntPointer pivots;
    /** Examples whose LUs run concurrently, each on a single-threaded OpenBLAS call (1 = one after the other). */
    private int luThreads = 1;
    private ExecutorService luPool;
    private IntPointer[] luPivots;
    private int iteration;
    private long stackBytes = STACK_BYTES;

    // work arrays, allocated for the last batch size seen
    private int batch = -1;
    private int chunk;
    private INDArray[] z;
    private INDArray[] y;
    private INDArray[] s;
    private INDArray[] gy;
    private INDArray[] stackP;
    private INDArray[] stackQ;
    private INDArray stackG;
    private INDArray ones;

    /**
     * A flow with copies of the given parameters.
     *
     * @param weights  W_k, [D, D] each
     * @param biases   b_k, D elements each
     * @param acts     σ_k (the last one is usually the identity)
     * @param density  base density p(z)
     * @param updater  update rule, e.g. Adam(1e-4), applied like DL4J does to the batch-mean gradient
     * @param type     FLOAT or DOUBLE
     */
    public ExplicitJacobianFlow(List<INDArray> weights, List<INDArray> biases, List<InvertibleActivation> acts,
            BaseDensity density, IUpdater updater, DataType type) {
        if (weights.isEmpty() || weights.size() != biases.size() || weights.size() != acts.size()) {
            throw new IllegalArgumentException("Need as many weights, biases and activations (at least one layer)");
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("FLOAT or DOUBLE only, got " + type);
        }
        this.layers = weights.size();
        this.d = (int) weights.get(0).rows();
        this.type = type;
        this.acts = acts.toArray(new InvertibleActivation[0]);
        this.density = density;
        long perLayer = (long) d * d + d;
        long n = perLayer * layers;
        this.params = Nd4j.create(type, 1, n);
        this.gradient = Nd4j.create(type, 1, n);
        this.w = new INDArray[layers];
        this.b = new INDArray[layers];
        this.gradW = new INDArray[layers];
        this.gradB = new INDArray[layers];
        this.logDetGradW = new INDArray[layers];
        for (int k = 0; k < layers; k++) {
            INDArray wk = weights.get(k);
            if (wk.rank() != 2 || wk.rows() != d || wk.columns() != d || biases.get(k).length() != d) {
                throw new IllegalArgumentException("Layer " + k + ": expected W [" + d + ", " + d + "] and " + d
                        + " biases");
            }
            long off = k * perLayer;
            w[k] = flatView(params, off, d, d);
            b[k] = flatView(params, off + (long) d * d, 1, d);
            gradW[k] = flatView(gradient, off, d, d);
            gradB[k] = flatView(gradient, off + (long) d * d, 1, d);
            w[k].assign(wk.castTo(type));
            b[k].assign(biases.get(k).castTo(type).reshape(1, d));
            logDetGradW[k] = Nd4j.create(type, d, d);
        }
        long stateSize = updater.stateSize(n);
        INDArray state = stateSize > 0 ? Nd4j.create(type, 1, stateSize) : null;
        this.updater = updater.instantiate(state, true);
        this.pivots = new IntPointer(d);
    }

    /**
     * A flow with the current parameters, activations and base density of {@code net}, a network of
     * {@code InvertibleDenseLayer}s ending in a {@code DensityOutputLayer}.
     */
    public static ExplicitJacobianFlow of(MultiLayerNetwork net, IUpdater updater, DataType type) {
        Layer[] all = net.getLayers();
        List<INDArray> ws = new java.util.ArrayList<>();
        List<INDArray> bs = new java.util.ArrayList<>();
        List<InvertibleActivation> as = new java.util.ArrayList<>();
        for (int i = 0; i < all.length - 1; i++) {
            if (!(all[i] instanceof InvertibleDenseLayerImpl)) {
                throw new IllegalArgumentException("Layer " + i + " is not an InvertibleDenseLayer");
            }
            InvertibleDenseLayerImpl l = (InvertibleDenseLayerImpl) all[i];
            ws.add(l.getParam(DefaultParamInitializer.WEIGHT_KEY));
            bs.add(l.getParam(DefaultParamInitializer.BIAS_KEY));
            as.add(l.layerConf().invertibleActivation());
        }
        if (!(all[all.length - 1] instanceof DensityOutputLayerImpl)) {
            throw new IllegalArgumentException("The last layer must be a DensityOutputLayer");
        }
        BaseDensity density = ((DensityOutputLayerImpl) all[all.length - 1]).layerConf().getDensity();
        return new ExplicitJacobianFlow(ws, bs, as, density, updater, type);
    }

    private static INDArray flatView(INDArray flat, long offset, long rows, long cols) {
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + rows * cols))
                .reshape('c', rows, cols);
    }

    public int dims() {
        return d;
    }

    public int layers() {
        return layers;
    }

    /** W_k (a live view of the parameters). */
    public INDArray weight(int k) {
        return w[k];
    }

    /** b_k as [1, D] (a live view of the parameters). */
    public INDArray bias(int k) {
        return b[k];
    }

    /** Σ over the batch of ∂NLL_n/∂W_k after {@link #computeGradient} (a live view). */
    public INDArray gradientW(int k) {
        return gradW[k];
    }

    /** Σ over the batch of ∂NLL_n/∂b_k after {@link #computeGradient}, [1, D] (a live view). */
    public INDArray gradientB(int k) {
        return gradB[k];
    }

    /** All parameters, flat: per layer W (row-major) then b. A live view. */
    public INDArray params() {
        return params;
    }

    /**
     * Runs the per-example LUs and inverses on {@code threads} threads at once, each an OpenBLAS call limited to one
     * thread (OpenBLAS's own threading gains little on one small matrix; batched LU in PyTorch is parallel over the
     * batch the same way). OpenBLAS's global thread count is set to 1 during that phase and to {@code threads}
     * afterwards, so call this with the thread count the rest of the program uses.
     */
    public ExplicitJacobianFlow parallelLu(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        shutdownPool();
        this.luThreads = threads;
        if (threads > 1) {
            luPivots = new IntPointer[threads];
            for (int i = 0; i < threads; i++) {
                luPivots[i] = new IntPointer(d);
            }
            java.util.concurrent.atomic.AtomicInteger id = new java.util.concurrent.atomic.AtomicInteger();
            luPool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(null, r, "autodiff-lu-" + id.incrementAndGet(), 16L << 20);
                t.setDaemon(true);
                return t;
            });
        }
        return this;
    }

    /** Caps the memory of the stacked per-example matrices (tests use it to force several chunks). */
    void setStackBytes(long bytes) {
        this.stackBytes = bytes;
        this.batch = -1;
    }

    /** How many examples' Jacobians are stacked into one GEMM (known after the first call). */
    int chunkSize() {
        return chunk;
    }

    /**
     * The exact negative log-likelihood −log p(x_n) = −log p(z_n) − log|det J_n| and its gradient w.r.t. every W_k,
     * b_k, summed over the batch (DL4J's convention), through the explicit Jacobians.
     *
     * @param x data [B, D]
     * @return the mean NLL over the batch, in nats
     */
    public double computeGradient(INDArray x) {
        if (x.rank() != 2 || x.columns() != d) {
            throw new IllegalArgumentException("Expected x of shape [batch, " + d + "]");
        }
        allocate((int) x.rows());
        // forward pass over the whole batch
        z[0].assign(x.castTo(type));
        for (int k = 0; k < layers; k++) {
            HostBlas.gemm(z[k], false, w[k], false, y[k]);
            y[k].addiRowVector(b[k]);
            if (!acts[k].isIdentity()) {
                s[k].assign(acts[k].derivative(y[k]));
            }
            acts[k].applyInPlace(z[k + 1].assign(y[k]));
        }
        double nll = -density.logProb(z[layers]).sumNumber().doubleValue();

        // log|det J_n| and its gradient, chunk by chunk
        for (int k = 0; k < layers; k++) {
            logDetGradW[k].assign(0);
        }
        double logDetSum = 0;
        for (int c0 = 0; c0 < batch; c0 += chunk) {
            logDetSum += jacobianChunk(c0, Math.min(chunk, batch - c0));
        }
        nll -= logDetSum;

        // back-propagation of Σ −log p(z) − log|det J|
        INDArray eps = density.gradLogProb(z[layers]).negi().castTo(type);
        for (int k = layers - 1; k >= 0; k--) {
            INDArray delta;
            if (acts[k].isIdentity()) {
                delta = eps;
            } else {
                delta = eps.mul(s[k]);
                // ∂(−log|det J|)/∂y_k = −g_k ⊙ σ''(y_k), σ'' = (log σ')' · σ'
                delta.subi(gy[k].muli(acts[k].logDerivativeGrad(y[k]).muli(s[k])));
            }
            HostBlas.gemm(z[k], true, delta, false, gradW[k]);
            gradW[k].subi(logDetGradW[k]);
            gradB[k].assign(delta.sum(true, 0));
            if (k > 0) {
                INDArray next = Nd4j.create(type, batch, d);
                HostBlas.gemm(delta, false, w[k], true, next);
                eps = next;
            }
        }
        return nll / batch;
    }

    /**
     * One training step: the gradient, divided by the batch size, through the updater onto the parameters (as DL4J's
     * {@code MultiLayerNetwork.fit} does).
     *
     * @return the mean NLL before the update
     */
    public double fit(INDArray x) {
        double nll = computeGradient(x);
        gradient.divi(x.rows());
        updater.applyUpdater(gradient, iteration, 0);
        params.subi(gradient);
        iteration++;
        return nll;
    }

    /**
     * Builds J_n for examples c0 … c0+m−1, inverts them, and adds their log-det gradients to {@link #logDetGradW}
     * (direct W terms) and {@link #gy} (the ∂/∂S_k diagonals, finished by the caller with σ''). Returns Σ log|det J_n|.
     */
    private double jacobianChunk(int c0, int m) {
        long dd = (long) d * d;
        long rows = (long) m * d;
        // forward: P_1 = W_1 S_1, Q_k = P_{k-1} W_k, P_k = Q_k S_k
        INDArray p1 = chunkOf(stackP[0], m);
        // every example's P_1 starts as W_1 (INDArray.assign does not broadcast [D,D] over [m,D,D])
        INDArray p1Rows = p1.reshape('c', m, dd);
        Nd4j.getExecutioner().exec(new BroadcastCopyOp(p1Rows, w[0].reshape(dd), p1Rows, 1));
        if (!acts[0].isIdentity()) {
            scaleColumns(p1, rowsOf(s[0], c0, m));
        }
        for (int k = 1; k < layers; k++) {
            HostBlas.gemm(false, false, rows, d, d, 1.0, stackP[k - 1], 0, d, w[k], 0, d, 0.0, stackQ[k], 0, d);
            if (!acts[k].isIdentity()) {
                INDArray pk = chunkOf(stackP[k], m);
                pk.assign(chunkOf(stackQ[k], m));
                scaleColumns(pk, rowsOf(s[k], c0, m));
            }
        }
        INDArray jacobians = stackP[layers - 1];
        // LAPACK wants column-major: a transposed copy of each J_n is J_n column-major, and inverting it in place
        // leaves M_n = J_n^{-1} column-major, i.e. M_nᵀ = ∂ log|det J_n|/∂J_n row-major: the gradient we need.
        INDArray cur = stackG;
        chunkOf(cur, m).assign(chunkOf(jacobians, m).permute(0, 2, 1));
        double logDet = invertAll(cur, m);
        // the Jacobian stack is free now: it becomes the second buffer of the backward pass
        INDArray spare = jacobians;
        for (int k = layers - 1; k >= 0; k--) {
            INDArray g = chunkOf(cur, m);
            if (!acts[k].isIdentity()) {
                // g_{k,i} = Σ_r (Q_k)_{ri} (Ĝ_{P_k})_{ri}, with Q_1 = W_1 for every example
                INDArray prod = chunkOf(spare, m);
                if (k == 0) {
                    Nd4j.getExecutioner().exec(new BroadcastMulOp(g.reshape('c', m, dd), w[0].reshape(dd),
                            prod.reshape('c', m, dd), 1));
                } else {
                    prod.assign(chunkOf(stackQ[k], m)).muli(g);
                }
                rowsOf(gy[k], c0, m).assign(prod.sum(1));
                scaleColumns(g, rowsOf(s[k], c0, m));        // Ĝ_{Q_k} = Ĝ_{P_k} S_k
            }
            if (k == 0) {
                // P_0 = I: Σ_n Ĝ_{Q_1,n}, as the product 1ᵀ [m, D²] (ND4J's sum over dimension 0 is far slower)
                HostBlas.gemm(false, false, 1, dd, m, 1.0, ones, 0, m, cur, 0, dd, 1.0, logDetGradW[0], 0, dd);
            } else {
                // Σ_n P_{k-1,n}ᵀ Ĝ_{Q_k,n}: one GEMM over the stacked rows
                HostBlas.gemm(true, false, d, d, rows, 1.0, stackP[k - 1], 0, d, cur, 0, d, 1.0, logDetGradW[k], 0,
                        d);
                // Ĝ_{P_{k-1}} = Ĝ_{Q_k} W_kᵀ
                HostBlas.gemm(false, true, rows, d, d, 1.0, cur, 0, d, w[k], 0, d, 0.0, spare, 0, d);
                INDArray t = cur;
                cur = spare;
                spare = t;
            }
        }
        return logDet;
    }

    /** Inverts the m stacked matrices of {@code stack} in place; returns Σ log|det|. */
    private double invertAll(INDArray stack, int m) {
        long dd = (long) d * d;
        if (luThreads == 1 || m == 1) {
            double logDet = 0;
            for (int n = 0; n < m; n++) {
                logDet += HostBlas.invertInPlace(stack, n * dd, d, pivots);
            }
            return logDet;
        }
        List<Callable<Double>> tasks = new java.util.ArrayList<>();
        for (int w0 = 0; w0 < luThreads; w0++) {
            int worker = w0;
            tasks.add(() -> {
                double sum = 0;
                for (int n = worker; n < m; n += luThreads) {
                    sum += HostBlas.invertInPlace(stack, n * dd, d, luPivots[worker]);
                }
                return sum;
            });
        }
        openblas.blas_set_num_threads(1);
        try {
            double logDet = 0;
            for (Future<Double> f : luPool.invokeAll(tasks)) {
                logDet += f.get();
            }
            return logDet;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the LUs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            openblas.blas_set_num_threads(luThreads);
        }
    }

    /** x[n, r, i] *= s[n, i] for x [m, D, D], s [m, D]. */
    private static void scaleColumns(INDArray x, INDArray s) {
        Nd4j.getExecutioner().exec(new BroadcastMulOp(x, s, x, 0, 2));
    }

    private static INDArray chunkOf(INDArray stack, int m) {
        return stack.size(0) == m ? stack : stack.get(NDArrayIndex.interval(0, m), NDArrayIndex.all(),
                NDArrayIndex.all());
    }

    private static INDArray rowsOf(INDArray a, int c0, int m) {
        return a.rows() == m && c0 == 0 ? a : a.get(NDArrayIndex.interval(c0, c0 + m), NDArrayIndex.all());
    }

    private void allocate(int newBatch) {
        if (newBatch == batch) {
            return;
        }
        batch = newBatch;
        long bytesPerExample = (long) d * d * type.width();
        // stacks: P_1 … P_L (P_L = Q_L when σ_L is the identity), Q_2 … Q_L for non-identity σ_k, and one more
        int stacks = layers + 1;
        for (int k = 1; k < layers; k++) {
            if (!acts[k].isIdentity()) {
                stacks++;
            }
        }
        chunk = (int) Math.max(1, Math.min(batch, stackBytes / (stacks * bytesPerExample)));
        // even chunks: 100 examples in chunks of at most 48 → 34, 33, 33
        int pieces = (batch + chunk - 1) / chunk;
        chunk = (batch + pieces - 1) / pieces;
        z = new INDArray[layers + 1];
        y = new INDArray[layers];
        s = new INDArray[layers];
        gy = new INDArray[layers];
        for (int k = 0; k <= layers; k++) {
            z[k] = Nd4j.create(type, batch, d);
        }
        stackP = new INDArray[layers];
        stackQ = new INDArray[layers];
        for (int k = 0; k < layers; k++) {
            y[k] = Nd4j.create(type, batch, d);
            if (!acts[k].isIdentity()) {
                s[k] = Nd4j.create(type, batch, d);
                gy[k] = Nd4j.create(type, batch, d);
            }
            if (k > 0) {
                stackQ[k] = Nd4j.create(type, chunk, d, d);
            }
            stackP[k] = k > 0 && acts[k].isIdentity() ? stackQ[k] : Nd4j.create(type, chunk, d, d);
        }
        stackG = Nd4j.create(type, chunk, d, d);
        ones = Nd4j.ones(type, 1, chunk);
    }

    @Override
    public void close() {
        pivots.close();
        shutdownPool();
    }

    private void shutdownPool() {
        if (luPool != null) {
            luPool.shutdownNow();
            luPool = null;
            for (IntPointer p : luPivots) {
                p.close();
            }
            luPivots = null;
        }
    }
}
