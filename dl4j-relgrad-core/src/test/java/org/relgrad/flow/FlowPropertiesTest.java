package org.relgrad.flow;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.FlowConfigurationException;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.testutil.Params;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over random widths, depths, activations (valid or not), gradient modes and precisions, a flow configuration is
 * either rejected with a clear {@link FlowConfigurationException} / {@link IllegalArgumentException}, or gives a
 * network whose inverse undoes its forward map and whose log p stays finite through a training step.
 */
class FlowPropertiesTest {

    // weighted so that most draws build a network and every kind of error still comes up
    @Provide
    Arbitrary<String> activations() {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("smooth")), Tuple.of(3, Arbitraries.just("leaky")),
                Tuple.of(2, Arbitraries.just("identity")), Tuple.of(1, Arbitraries.just("tanh")));
    }

    @Provide
    Arbitrary<Integer> widthErrors() {
        return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 3)));
    }

    private static IActivation activation(String name, double alpha) {
        switch (name) {
            case "smooth":
                return new ActivationSmoothLeakyReLU(alpha);
            case "leaky":
                return new ActivationLReLU(alpha);
            case "identity":
                return new ActivationIdentity();
            default:
                return new ActivationTanH();
        }
    }

    @Property(tries = 150)
    void eitherAClearConfigurationErrorOrAnInvertibleFlow(
            @ForAll @IntRange(min = 1, max = 6) int d,
            @ForAll("widthErrors") int widthError,
            @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll("activations") String act,
            @ForAll @DoubleRange(min = -0.2, max = 1.2) double alpha,
            @ForAll GradientMode mode,
            @ForAll boolean useFloat,
            @ForAll long seed) {
        DataType type = useFloat ? DataType.FLOAT : DataType.DOUBLE;
        MultiLayerConfiguration conf;
        try {
            NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                    .updater(new Adam(1e-3)).list();
            for (int k = 0; k < layers; k++) {
                // the first layer's nOut is off by widthError (0 = square)
                b.layer(new InvertibleDenseLayer.Builder().nIn(d).nOut(k == 0 ? d + widthError : d)
                        .gradientMode(mode).activation(activation(act, alpha)).build());
            }
            conf = b.layer(new DensityOutputLayer.Builder().build()).setInputType(InputType.feedForward(d)).build();
        } catch (FlowConfigurationException | IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && e.getMessage().length() > 20, "unclear message: " + e.getMessage());
            boolean invalidActivation = act.equals("tanh") || (!act.equals("identity") && alpha <= 0)
                    || (act.equals("smooth") && alpha >= 1);
            assertTrue(widthError > 0 || invalidActivation, "a valid configuration was rejected: " + e);
            Statistics.collect("rejected");
            return;
        }
        assertFalse(widthError > 0, "a non-square layer was accepted");
        assertFalse(act.equals("tanh"), "tanh is not a bijection of R and must be rejected");
        Statistics.collect("built");

        FlowNetwork net = new FlowNetwork(conf);
        net.init();
        Params.randomize(net.getLayers(), 0.3, 0.5, seed);
        Flow flow = net.asFlow();
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 7, d);
        INDArray back = flow.inverse(flow.forward(x));
        double tolerance = useFloat ? 1e-3 : 1e-7;
        assertTrue(back.equalsWithEps(x, tolerance), "inverse(forward(x)) != x: " + back + " vs " + x);
        assertTrue(Double.isFinite(flow.logProb(x).sumNumber().doubleValue()));
        net.fit(new DataSet(x.castTo(type), null));
        assertTrue(Double.isFinite(net.params().sumNumber().doubleValue()));
        assertTrue(Double.isFinite(flow.logProb(x).sumNumber().doubleValue()));
    }
}
