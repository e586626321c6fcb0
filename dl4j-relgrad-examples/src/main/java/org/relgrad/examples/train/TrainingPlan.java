package org.relgrad.examples.train;

import org.relgrad.flow.FlowArchitecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code relgrad train} will run once the training rows are counted: the depths to try (several are each trained
 * and the best on validation kept), the epoch limit and the patience. "auto" values follow the data: a small table
 * gets a few hundred rows' worth of regularisation by choosing the depth on validation and enough epochs for its few
 * batches per epoch to add up to a real training run; MNIST gets the paper's two layers.
 */
record TrainingPlan(List<Integer> depths, int epochs, int patience, double lr, double lrDecay,
        FlowArchitecture.Initialization init, FlowArchitecture.Nonlinearity activation) {
    /** Tables with fewer training rows than this get their depth chosen on validation by default. */
    static final long SMALL_TABLE_ROWS = 20_000;
    /** Depths tried on a small table. */
    static final List<Integer> SMALL_TABLE_DEPTHS = List.of(1, 2, 3, 4);
    /** Depth of other tables and toy data. */
    static final int DEFAULT_DEPTH = 4;
    /** Mini-batch steps that "auto" epochs add up to, within [{@value #MIN_EPOCHS}, {@value #MAX_EPOCHS}] epochs. */
    static final long STEPS = 30_000;
    static final int MIN_EPOCHS = 20;
    static final int MAX_EPOCHS = 2_000;
    static final int MNIST_DEPTH = 2;
    static final int MNIST_EPOCHS = 200;
    static final int MNIST_PATIENCE = 40;
    /**
     * Adam's rate, decayed exponentially to LR_DECAY times it at the last epoch, from identity weights with a spline
     * after each smooth leaky ReLU (the best MNIST run measured: identity weights reach in 4 epochs what orthogonal
     * ones reached in 110, and per-pixel splines then fit each pixel's own marginal).
     */
    static final double MNIST_LR = 1e-3;
    static final double MNIST_LR_DECAY = 0.05;
    static final double DEFAULT_LR = 1e-3;
    static final double DEFAULT_LR_DECAY = 1;
    static final FlowArchitecture.Initialization MNIST_INIT = FlowArchitecture.Initialization.IDENTITY;
    /** Tables keep the orthogonal start their published comparison was measured with. */
    static final FlowArchitecture.Initialization DEFAULT_INIT = FlowArchitecture.Initialization.ORTHOGONAL;
    static final FlowArchitecture.Nonlinearity MNIST_ACTIVATION =
            FlowArchitecture.Nonlinearity.SMOOTH_LEAKY_RELU_THEN_SPLINE;
    static final FlowArchitecture.Nonlinearity DEFAULT_ACTIVATION = FlowArchitecture.Nonlinearity.SMOOTH_LEAKY_RELU;

    static final String AUTO = "auto";

    TrainingPlan {
        depths = List.copyOf(depths);
    }

    /** Checks the syntax of the three options before any data are read. @throws IllegalArgumentException */
    static void check(String layers, String epochs, String patience, String lr, String lrDecay, String init,
            String activation) {
        depths(layers);
        initialization(init);
        activation(activation, false);
        count("--epochs", epochs);
        count("--patience", patience);
        rate(lr);
        decay(lrDecay);
    }

    /**
     * The plan for {@code trainRows} training examples in {@code batchesPerEpoch} batches.
     *
     * @throws IllegalArgumentException for a value that is neither "auto" nor a positive integer (list for layers)
     */
    static TrainingPlan resolve(String layers, String epochs, String patience, String lr, String lrDecay, String init,
            String activation, boolean mnist, long trainRows, long batchesPerEpoch) {
        List<Integer> d = depths(layers);
        if (d == null) {
            d = mnist ? List.of(MNIST_DEPTH) : trainRows < SMALL_TABLE_ROWS ? SMALL_TABLE_DEPTHS : List.of(DEFAULT_DEPTH);
        }
        Integer e = count("--epochs", epochs);
        if (e == null) {
            e = mnist ? MNIST_EPOCHS
                    : (int) Math.max(MIN_EPOCHS, Math.min(MAX_EPOCHS, (STEPS + batchesPerEpoch - 1) / batchesPerEpoch));
        }
        Integer p = count("--patience", patience);
        if (p == null) {
            p = mnist ? MNIST_PATIENCE : Math.max(5, Math.min(100, e / 20));
        }
        Double rate = rate(lr);
        Double decay = decay(lrDecay);
        return new TrainingPlan(d, e, p, rate != null ? rate : mnist ? MNIST_LR : DEFAULT_LR,
                decay != null ? decay : mnist ? MNIST_LR_DECAY : DEFAULT_LR_DECAY,
                Objects.requireNonNullElse(initialization(init), mnist ? MNIST_INIT : DEFAULT_INIT),
                activation(activation, mnist));
    }

    /** One line for the log, e.g. "depths 1,2,3,4 chosen on validation, up to 2000 epochs, patience 100". */
    String describe() {
        StringBuilder s = new StringBuilder();
        if (depths.size() == 1) {
            s.append(depths.get(0)).append(depths.get(0) == 1 ? " layer" : " layers");
        } else {
            s.append("depths ").append(join(depths)).append(" chosen on validation");
        }
        return s.append(String.format(Locale.ROOT, ", up to %d epochs, patience %d", epochs, patience)).toString();
    }

    static String join(List<Integer> values) {
        StringBuilder s = new StringBuilder();
        for (int v : values) {
            s.append(s.length() == 0 ? "" : ",").append(v);
        }
        return s.toString();
    }

    /** null for auto. */
    private static List<Integer> depths(String value) {
        if (AUTO.equals(value.trim())) {
            return null;
        }
        List<Integer> d = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            Integer n;
            try {
                n = count("--layers", part);
            } catch (IllegalArgumentException e) {
                n = null;
            }
            if (n == null || d.contains(n)) {
                throw new IllegalArgumentException("'--layers' takes auto, a positive integer or a list of distinct "
                        + "ones such as 1,2,4; got '" + value + "'");
            }
            d.add(n);
        }
        return d;
    }

    /** What {@code --activation} means for MNIST ({@code mnist}) or other data. */
    static FlowArchitecture.Nonlinearity activation(String value, boolean mnist) {
        String v = value.trim();
        if (AUTO.equals(v)) {
            return mnist ? MNIST_ACTIVATION : DEFAULT_ACTIVATION;
        }
        try {
            return FlowArchitecture.Nonlinearity.fromName(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'--activation': " + e.getMessage());
        }
    }

    /** null for auto. */
    private static FlowArchitecture.Initialization initialization(String value) {
        String v = value.trim();
        if (AUTO.equals(v)) {
            return null;
        }
        try {
            return FlowArchitecture.Initialization.fromName(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'--init' must be auto, orthogonal or identity, got '" + value + "'");
        }
    }

    /** null for auto. */
    private static Double rate(String value) {
        Double r = number("--lr", value, "a positive number");
        if (r != null && !(r > 0 && Double.isFinite(r))) {
            throw new IllegalArgumentException("'--lr' must be auto or a positive number, got '" + value + "'");
        }
        return r;
    }

    /** null for auto. */
    private static Double decay(String value) {
        Double f = number("--lr-decay", value, "a factor in (0, 1]");
        if (f != null && !(f > 0 && f <= 1)) {
            throw new IllegalArgumentException("'--lr-decay' must be auto or lie in (0, 1], got '" + value + "'");
        }
        return f;
    }

    private static Double number(String option, String value, String what) {
        String v = value.trim();
        if (AUTO.equals(v)) {
            return null;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + option + "' must be auto or " + what + ", got '" + value + "'");
        }
    }

    /** null for auto. */
    private static Integer count(String option, String value) {
        String v = value.trim();
        if (AUTO.equals(v)) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("'" + option + "' must be auto or a positive integer, got '" + value + "'");
    }
}
