package org.relgrad.density;

/**
 * p(z_i | u) logistic with per-segment location and scale: the standard logistic shape
 * log p₀(r) = −|r| − 2·log(1 + e^{−|r|}) (super-Gaussian, smooth at 0), moved and scaled per segment
 * (see {@link LocationScaleConditional}).
 */
public final class ConditionalLogistic extends LocationScaleConditional {
    private static final BaseDensity SHAPE = new StandardLogistic();

    @Override
    protected BaseDensity shape() {
        return SHAPE;
    }
}
