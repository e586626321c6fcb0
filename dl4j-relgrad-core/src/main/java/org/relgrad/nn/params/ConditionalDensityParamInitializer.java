package org.relgrad.nn.params;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.relgrad.density.ConditionalDensity;
import org.relgrad.density.LocationScaleConditional;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of a {@link ConditionalDensityOutputLayer}: the tables its {@link ConditionalDensity} names, each
 * [segments, D], one after the other in that order, starting at the density's initial values. For the location-scale
 * families these are per-segment locations "mu" and log-scales "logScale", initialised to zero (every segment starts
 * as the standard shape).
 */
public final class ConditionalDensityParamInitializer implements ParamInitializer {
    /** The location table of the location-scale families. */
    public static final String MU = LocationScaleConditional.MU;
    /** The log-scale table of the location-scale families. */
    public static final String LOG_SCALE = LocationScaleConditional.LOG_SCALE;
    private static final ConditionalDensityParamInitializer INSTANCE = new ConditionalDensityParamInitializer();

    public static ConditionalDensityParamInitializer getInstance() {
        return INSTANCE;
    }

    private static ConditionalDensityOutputLayer conf(Layer layer) {
        return (ConditionalDensityOutputLayer) layer;
    }

    private static List<String> names(Layer layer) {
        return conf(layer).getDensity().parameterNames();
    }

    private static long[] shape(Layer layer) {
        ConditionalDensityOutputLayer c = conf(layer);
        return new long[] {c.getSegments(), c.getNIn()};
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long[] s = shape(layer);
        return names(layer).size() * s[0] * s[1];
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return names(layer);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return names(layer);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return names(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = split(conf.getLayer(), paramsView);
        if (initializeParams) {
            ConditionalDensity density = conf(conf.getLayer()).getDensity();
            views.forEach((name, v) -> v.assign(density.initialValue(name)));
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
        long offset = 0;
        for (String name : names(layer)) {
            out.put(name, v.get(NDArrayIndex.interval(offset, offset + n)).reshape('f', s[0], s[1]));
            offset += n;
        }
        return out;
    }
}
