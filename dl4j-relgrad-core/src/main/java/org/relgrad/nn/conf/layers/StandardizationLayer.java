package org.relgrad.nn.conf.layers;

import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.nn.layers.StandardizationLayerImpl;

import java.util.Arrays;
import java.util.Collection;

/**
 * A fixed per-feature affine map z = (x − mean) / scale, placed first in a flow trained on raw data. The statistics
 * travel with the model (configuration JSON, ModelSerializer zip), and the map's Jacobian −Σ log scale is part of the
 * likelihood, so log p, samples and inverses are in the data's own units and compare with any other model of the same
 * data. It has no trainable parameters.
 */
@Data
@NoArgsConstructor
@EqualsAndHashCode(callSuper = true)
public class StandardizationLayer extends FeedForwardLayer {

    private double[] mean;
    private double[] scale;

    private StandardizationLayer(Builder builder) {
        super(builder);
        if (builder.mean == null || builder.scale == null) {
            throw new FlowConfigurationException("StandardizationLayer needs .statistics(mean, scale)");
        }
        this.mean = builder.mean.clone();
        this.scale = builder.scale.clone();
        this.nIn = mean.length;
        this.nOut = mean.length;
        validate(-1);
    }

    /** Checks the statistics and the absence of dropout; {@code layerIndex} may be -1 when unknown. */
    public void validate(int layerIndex) {
        if (mean.length == 0 || mean.length != scale.length) {
            throw new FlowConfigurationException(describe(layerIndex) + ": mean and scale must be non-empty and of "
                    + "equal length, got " + mean.length + " and " + scale.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !(scale[i] > 0) || !Double.isFinite(scale[i])) {
                throw new FlowConfigurationException(describe(layerIndex) + ": feature " + i + " has mean " + mean[i]
                        + " and scale " + scale[i] + "; the mean must be finite and the scale finite and positive "
                        + "(a constant feature has no density: drop it, or give it a small positive scale)");
            }
        }
        if (getIDropout() != null) {
            rejectDropout(getIDropout(), layerIndex);
        }
    }

    @Override
    public void setIDropout(IDropout iDropout) {
        if (iDropout != null) {
            rejectDropout(iDropout, -1);
        }
        super.setIDropout(iDropout);
    }

    private void rejectDropout(IDropout d, int layerIndex) {
        throw new FlowConfigurationException(describe(layerIndex) + ": dropout (" + d + ") would make the likelihood "
                + "inexact. Remove .dropOut(...) from the network-wide NeuralNetConfiguration.Builder.");
    }

    private String describe(int layerIndex) {
        return "StandardizationLayer" + (getLayerName() != null ? " \"" + getLayerName() + "\"" : "")
                + (layerIndex >= 0 ? " (index " + layerIndex + ")" : "");
    }

    /** Width D. */
    public int size() {
        return mean.length;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        long d = inputType.arrayElementsPerExample();
        if (d != mean.length) {
            throw new FlowConfigurationException(describe(-1) + ": the input has " + d + " features but the "
                    + "statistics have " + mean.length);
        }
        nIn = d;
        nOut = d;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        validate(layerIndex);
        StandardizationLayerImpl impl = new StandardizationLayerImpl(conf, networkDataType);
        impl.setListeners(trainingListeners);
        impl.setIndex(layerIndex);
        impl.setParamsViewArray(layerParamsView);
        impl.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        impl.setConf(conf);
        return impl;
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, StandardizationLayer.class, inputType, inputType)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public String toString() {
        return "StandardizationLayer(d=" + (mean == null ? "?" : mean.length) + ", mean=" + Arrays.toString(mean)
                + ", scale=" + Arrays.toString(scale) + ")";
    }

    /** Builder in DL4J style. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private double[] mean;
        private double[] scale;

        /** Per-feature mean and (positive) scale, e.g. the training data's mean and standard deviation. */
        public Builder statistics(double[] mean, double[] scale) {
            this.mean = mean;
            this.scale = scale;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public StandardizationLayer build() {
            return new StandardizationLayer(this);
        }
    }
}
