package org.relgrad.nn.params;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.relgrad.nn.conf.layers.RationalQuadraticSplineLayer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of a {@link RationalQuadraticSplineLayer} of D units and K bins, one after the other: unnormalised bin
 * widths "widths" [D, K], bin heights "heights" [D, K] and interior knot derivatives "derivatives" [D, K−1], all
 * starting at 0, which is the identity map. All three count as weights, so a configured L1/L2 regularisation pulls
 * the splines towards the identity.
 */
public final class RationalQuadraticSplineParamInitializer implements ParamInitializer {
    /** Unnormalised bin widths θʷ, [D, K]. */
    public static final String WIDTHS = "widths";
    /** Unnormalised bin heights θʰ, [D, K]. */
    public static final String HEIGHTS = "heights";
    /** Unnormalised interior knot derivatives θᵟ, [D, K−1]. */
    public static final String DERIVATIVES = "derivatives";
    private static final List<String> KEYS = List.of(WIDTHS, HEIGHTS, DERIVATIVES);
    private static final RationalQuadraticSplineParamInitializer INSTANCE =
            new RationalQuadraticSplineParamInitializer();

    public static RationalQuadraticSplineParamInitializer getInstance() {
        return INSTANCE;
    }

    private RationalQuadraticSplineParamInitializer() {
    }

    private static long units(Layer layer) {
        return ((RationalQuadraticSplineLayer) layer).getNIn();
    }

    private static long bins(Layer layer) {
        return ((RationalQuadraticSplineLayer) layer).getNBins();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return units(layer) * (3 * bins(layer) - 1);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return KEYS.contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = split(conf.getLayer(), paramsView);
        if (initializeParams) {
            views.values().forEach(v -> v.assign(0.0));
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split(conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> split(Layer layer, INDArray flat) {
        long d = units(layer);
        long k = bins(layer);
        long n = d * (3 * k - 1);
        if (flat.length() != n) {
            throw new IllegalStateException("Expected a parameter view of length " + n + ", got " + flat.length());
        }
        INDArray v = flat.reshape(flat.length());
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        out.put(WIDTHS, v.get(NDArrayIndex.interval(0, d * k)).reshape('c', d, k));
        out.put(HEIGHTS, v.get(NDArrayIndex.interval(d * k, 2 * d * k)).reshape('c', d, k));
        out.put(DERIVATIVES, v.get(NDArrayIndex.interval(2 * d * k, n)).reshape('c', d, k - 1));
        return out;
    }
}
