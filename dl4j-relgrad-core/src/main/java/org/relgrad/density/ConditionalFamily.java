package org.relgrad.density;

import java.util.function.Supplier;

/**
 * Names of the conditional densities that configurations written before they became classes refer to
 * ({@code "family" : "LAPLACE"} in a ConditionalDensityOutputLayer's JSON), and a shorthand for them. The math of
 * each lives in its class; a new family is a new {@link ConditionalDensity} class and needs no constant here.
 *
 * @deprecated configure the density object itself, e.g. {@code .density(new ConditionalGaussian())}
 */
@Deprecated
public enum ConditionalFamily {
    /** {@link ConditionalGaussian}. */
    GAUSSIAN(ConditionalGaussian::new),
    /** {@link ConditionalLaplace}. */
    LAPLACE(ConditionalLaplace::new);

    private final Supplier<ConditionalDensity> density;

    ConditionalFamily(Supplier<ConditionalDensity> density) {
        this.density = density;
    }

    /** A new instance of the density this name stands for. */
    public ConditionalDensity density() {
        return density.get();
    }
}
