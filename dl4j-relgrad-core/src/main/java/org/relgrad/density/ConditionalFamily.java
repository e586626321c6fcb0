package org.relgrad.density;

/**
 * Shape of the per-component conditional density p_i(z_i | u) = p((z_i − μ_{u,i}) / s_{u,i}) / s_{u,i}, whose location
 * μ and log-scale log s are learned per segment u (Gresele et al. 2020, eq. 4; identifiable nonlinear ICA).
 */
public enum ConditionalFamily {
    /** Standard normal shape: log p(r) = −r²/2 − ½·log 2π. */
    GAUSSIAN,
    /** Standard Laplace shape: log p(r) = −|r| − log 2 (super-Gaussian sources, as in ICA). */
    LAPLACE
}
