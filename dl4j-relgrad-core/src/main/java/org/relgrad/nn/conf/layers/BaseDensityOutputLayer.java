package org.relgrad.nn.conf.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;

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
}
