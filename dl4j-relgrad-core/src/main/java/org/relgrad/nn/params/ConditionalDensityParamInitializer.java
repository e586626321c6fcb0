package org.relgrad.nn.params;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of a {@link ConditionalDensityOutputLayer}: per-segment locations "mu" and log-scales "logScale", both
 * [segments, D] and initialised to zero (every segment starts as the standard shape).
 */
public final class ConditionalDensityParamInitializer implements ParamInitializer {
    public static final String MU = "mu";
    public static final String LOG_SCALE = "logScale";
    private static final ConditionalDensityParamInitializer INSTANCE = new ConditionalDensityParamInitializer();

    public static ConditionalDensityParamInitializer getInstance() {
        return INSTANCE;
    }

    private static long[] shape(Layer layer) {
        ConditionalDensityOutputLayer c = (ConditionalDensityOutputLayer) layer;
        return new long[] {c.getSegments(), c.getNIn()};
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long[] s = shape(layer);
        return 2 * s[0] * s[1];
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(MU, LOG_SCALE);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(MU, LOG_SCALE);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return MU.equals(key) || LOG_SCALE.equals(key);
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
        long[] s = shape(layer);
        long n = s[0] * s[1];
        INDArray v = flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(MU, v.get(NDArrayIndex.interval(0, n)).reshape('f', s[0], s[1]));
        out.put(LOG_SCALE, v.get(NDArrayIndex.interval(n, 2 * n)).reshape('f', s[0], s[1]));
        return out;
    }
}
