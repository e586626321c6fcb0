package org.relgrad.learning;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.relgrad.cpu.FusedPath;
import org.relgrad.cpu.HostMemory;
import org.relgrad.cpu.ParallelRange;
import org.relgrad.learning.config.FusedAdam;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The runtime of {@link FusedAdam}. Per parameter, as DL4J's native Adam op computes it (in the array's data type):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², g ← α_t·m / (√v + ε) with α_t = lr·√(1−β₂^t)/(1−β₁^t), t = iteration + 1.
 *
 * <p>On the CPU backend the three arrays are streamed once, in chunks copied to heap arrays (which the JIT
 * vectorises), split across the cores for large blocks: 6 array passes per step where element-wise ND4J ops would
 * need several times that. Elsewhere, or for non-dense views, it runs DL4J's own Adam op.
 */
public class FusedAdamUpdater implements GradientUpdater<FusedAdam> {
    public static final String M_STATE = "M";
    public static final String V_STATE = "V";

    /** Per-thread chunk arrays (this thread and the pool's), so a step allocates nothing. */
    private static final ThreadLocal<float[][]> FLOAT_CHUNKS = ThreadLocal.withInitial(
            () -> new float[3][HostMemory.CHUNK]);

    /** Elements per NIO buffer window (an NIO buffer holds at most 2 GiB). */
    static final long WINDOW = 1L << 28;

    private final FusedAdam config;
    private INDArray m;
    private INDArray v;

    public FusedAdamUpdater(FusedAdam config) {
        this.config = config;
    }

    @Override
    public FusedAdam getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (!stateMap.containsKey(M_STATE) || !stateMap.containsKey(V_STATE) || stateMap.size() != 2) {
            throw new IllegalStateException("State map should contain only keys [" + M_STATE + "," + V_STATE
                    + "] but has keys " + stateMap.keySet());
        }
        m = stateMap.get(M_STATE);
        v = stateMap.get(V_STATE);
        if (initialize) {
            m.assign(0);
            v.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> r = new HashMap<>();
        r.put(M_STATE, m);
        r.put(V_STATE, v);
        return r;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!viewArray.isRowVector() && viewArray.rank() != 1) {
            throw new IllegalArgumentException("Invalid input: expect row vector input");
        }
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        long half = flat.length() / 2;
        m = flat.get(NDArrayIndex.interval(0, half));
        v = flat.get(NDArrayIndex.interval(half, flat.length()));
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (m == null || v == null) {
            throw new IllegalStateException("Updater has not been initialized with view state");
        }
        double lr = config.getLearningRate(iteration, epoch);
        double beta1 = config.getBeta1();
        double beta2 = config.getBeta2();
        double eps = config.getEpsilon();
        if (!FusedPath.enabled() || !HostMemory.isDense(gradient) || !HostMemory.isDense(m)
                || !HostMemory.isDense(v) || gradient.dataType() != m.dataType()) {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(gradient.reshape(v.shape()), v, m, lr,
                    beta1, beta2, eps, iteration));
            return;
        }
        if (gradient.dataType() == DataType.FLOAT) {
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float b1t = (float) Math.pow(b1, iteration + 1);
            float b2t = (float) Math.pow(b2, iteration + 1);
            float at = (float) lr * (float) Math.sqrt(1f - b2t) / (1f - b1t);
            float alphaT = Float.isFinite(at) && at != 0 ? at : (float) eps;
            ParallelRange.run(gradient.length(), (from, to) -> {
                // an NIO buffer holds at most 2 GiB: one window of buffers per 2^28 elements
                for (long w = from; w < to; w += WINDOW) {
                    int n = (int) Math.min(WINDOW, to - w);
                    adamFloat(HostMemory.floatWindow(gradient, w, n), HostMemory.floatWindow(m, w, n),
                            HostMemory.floatWindow(v, w, n), n, b1, b2, alphaT, (float) eps);
                }
            });
        } else {
            double b1t = Math.pow(beta1, iteration + 1);
            double b2t = Math.pow(beta2, iteration + 1);
            double at = lr * Math.sqrt(1 - b2t) / (1 - b1t);
            double alphaT = Double.isFinite(at) && at != 0 ? at : eps;
            ParallelRange.run(gradient.length(), (from, to) -> {
                for (long w = from; w < to; w += WINDOW) {
                    int n = (int) Math.min(WINDOW, to - w);
                    adamDouble(HostMemory.doubleWindow(gradient, w, n), HostMemory.doubleWindow(m, w, n),
                            HostMemory.doubleWindow(v, w, n), n, beta1, beta2, alphaT, eps);
                }
            });
        }
    }

    /** Adam over the n elements of the buffers (each a window starting at the same parameter). */
    private static void adamFloat(FloatBuffer g, FloatBuffer m, FloatBuffer v, int length, float b1,
            float b2, float alphaT, float eps) {
        float[][] chunks = FLOAT_CHUNKS.get();
        float[] gc = chunks[0];
        float[] mc = chunks[1];
        float[] vc = chunks[2];
        float c1 = 1 - b1;
        float c2 = 1 - b2;
        for (int o = 0; o < length; o += HostMemory.CHUNK) {
            int n = Math.min(HostMemory.CHUNK, length - o);
            g.get(o, gc, 0, n);
            m.get(o, mc, 0, n);
            v.get(o, vc, 0, n);
            for (int i = 0; i < n; i++) {
                float gi = gc[i];
                float mi = b1 * mc[i] + gi * c1;
                float vi = b2 * vc[i] + gi * gi * c2;
                mc[i] = mi;
                vc[i] = vi;
                gc[i] = mi * alphaT / ((float) Math.sqrt(vi) + eps);
            }
            g.put(o, gc, 0, n);
            m.put(o, mc, 0, n);
            v.put(o, vc, 0, n);
        }
    }

    private static void adamDouble(DoubleBuffer g, DoubleBuffer m, DoubleBuffer v, int length, double b1,
            double b2, double alphaT, double eps) {
        double[] gc = HostMemory.chunk(0);
        double[] mc = HostMemory.chunk(1);
        double[] vc = HostMemory.chunk(2);
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        for (int o = 0; o < length; o += HostMemory.CHUNK) {
            int n = Math.min(HostMemory.CHUNK, length - o);
            g.get(o, gc, 0, n);
            m.get(o, mc, 0, n);
            v.get(o, vc, 0, n);
            for (int i = 0; i < n; i++) {
                double gi = gc[i];
                double mi = b1 * mc[i] + gi * c1;
                double vi = b2 * vc[i] + gi * gi * c2;
                mc[i] = mi;
                vc[i] = vi;
                gc[i] = mi * alphaT / (Math.sqrt(vi) + eps);
            }
            g.put(o, gc, 0, n);
            m.put(o, mc, 0, n);
            v.put(o, vc, 0, n);
        }
    }
}
