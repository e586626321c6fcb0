package org.relgrad.density;

/**
 * p(z_i | u) Laplace with per-segment location and scale: the standard Laplace shape log p₀(r) = −|r| − log 2
 * (super-Gaussian sources, as in ICA), moved and scaled per segment (see {@link LocationScaleConditional}).
 */
public final class ConditionalLaplace extends LocationScaleConditional {
    private static final BaseDensity SHAPE = new StandardLaplace();

    @Override
    protected BaseDensity shape() {
        return SHAPE;
    }
}
