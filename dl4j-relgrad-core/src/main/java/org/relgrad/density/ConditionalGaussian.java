package org.relgrad.density;

/**
 * p(z_i | u) normal with per-segment mean and standard deviation: the standard normal shape
 * log p₀(r) = −r²/2 − ½·log 2π, moved and scaled per segment (see {@link LocationScaleConditional}).
 */
public final class ConditionalGaussian extends LocationScaleConditional {
    private static final BaseDensity SHAPE = new StandardNormal();

    @Override
    protected BaseDensity shape() {
        return SHAPE;
    }
}
