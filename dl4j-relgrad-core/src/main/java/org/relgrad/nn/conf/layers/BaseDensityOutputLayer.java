package org.relgrad.nn.conf.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/** What the density output layers share: their output is the latents, so nOut always equals nIn. */
public abstract class BaseDensityOutputLayer extends FeedForwardLayer {

    protected BaseDensityOutputLayer() {
    }

    protected BaseDensityOutputLayer(FeedForwardLayer.Builder<?> builder) {
        super(builder);
        if (nOut <= 0) {
            nOut = nIn;
        }
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        nOut = nIn;
    }

    /** The memory report of a density layer without parameters: no state, no working memory. */
    protected LayerMemoryReport parameterFreeMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, inputType)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
