package org.relgrad.optimize.listeners;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.nn.layers.SingularWeightsException;
import org.relgrad.testutil.Nets;
import org.relgrad.testutil.ToyData;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvertibilityGuardTest {

    private static FlowNetwork net(DataType type) {
        FlowNetwork net = new FlowNetwork(Nets.mln(3, 2, GradientMode.RELATIVE, new Sgd(1e-3), type, 1));
        net.init();
        net.fit(new DataSet(ToyData.uniform(20, 3, 2, type), null));
        return net;
    }

    private static INDArray w(FlowNetwork net, int layer) {
        return net.getLayer(layer).getParam("W");
    }

    @Test
    void aHealthyNetworkPasses() {
        FlowNetwork net = net(DataType.DOUBLE);
        InvertibilityGuard guard = new InvertibilityGuard(1);
        assertDoesNotThrow(() -> guard.check(net));
        assertDoesNotThrow(() -> guard.check(net));
    }

    @Test
    void aNearlySingularWIsNamedWithItsLayer() {
        FlowNetwork net = net(DataType.FLOAT);
        // rank one plus 1e-7: condition number ~1e8, beyond what float solves can take
        w(net, 1).assign(Nd4j.ones(DataType.FLOAT, 3, 3).addi(Nd4j.eye(3).castTo(DataType.FLOAT).muli(1e-7f)));
        SingularWeightsException e = assertThrows(SingularWeightsException.class,
                () -> new InvertibilityGuard(1).check(net));
        assertTrue(e.getMessage().contains("flow1") && e.getMessage().contains("condition"), e.getMessage());
    }

    @Test
    void inStrictModeADeterminantSignChangeBetweenChecksStopsTraining() {
        FlowNetwork net = net(DataType.DOUBLE);
        InvertibilityGuard guard = new InvertibilityGuard(1).stopOnSignChange();
        guard.check(net);
        // negating one row keeps W perfectly conditioned but flips the sign of det W
        w(net, 0).getRow(0).negi();
        SingularWeightsException e = assertThrows(SingularWeightsException.class, () -> guard.check(net));
        assertTrue(e.getMessage().contains("flow0") && e.getMessage().contains("changed sign")
                && e.getMessage().contains("strict mode"), e.getMessage());
    }

    @Test
    void byDefaultASignChangeOfAWellConditionedWIsAWarningAndTrainingGoesOn() {
        FlowNetwork net = net(DataType.DOUBLE);
        java.util.List<String> warnings = new java.util.ArrayList<>();
        net.setListeners(new InvertibilityGuard(1).warnOnSignChange(warnings::add));
        DataSet batch = new DataSet(ToyData.uniform(20, 3, 3, DataType.DOUBLE), null);
        net.fit(batch);
        w(net, 0).getRow(1).negi();
        assertDoesNotThrow(() -> net.fit(batch));
        assertDoesNotThrow(() -> net.fit(batch));
        assertEquals(1, warnings.size(), warnings.toString());
        // net() made one update; the listener then sees updates 1, 2, 3 (from 0) applied: checks after 2, 3, 4
        assertTrue(warnings.get(0).contains("between the checks after 2 and after 3 updates"), warnings.get(0));
        assertEquals(4, net.getIterationCount());
    }

    @Test
    void withoutAConsumerTheDefaultGuardWarnsInsteadOfThrowing() {
        FlowNetwork net = net(DataType.DOUBLE);
        InvertibilityGuard guard = new InvertibilityGuard(1);
        guard.check(net);
        w(net, 0).getRow(0).negi();
        assertDoesNotThrow(() -> guard.check(net));
    }

    @Test
    void signChangesCanBeReportedInsteadOfStopping() {
        FlowNetwork net = net(DataType.DOUBLE);
        java.util.List<String> warnings = new java.util.ArrayList<>();
        InvertibilityGuard guard = new InvertibilityGuard(1).warnOnSignChange(warnings::add);
        guard.check(net);
        w(net, 0).getRow(0).negi();
        assertDoesNotThrow(() -> guard.check(net));
        assertTrue(warnings.size() == 1 && warnings.get(0).contains("changed sign"), warnings.toString());
        // a near-singular W still stops training
        w(net, 1).assign(Nd4j.ones(DataType.DOUBLE, 3, 3));
        assertThrows(SingularWeightsException.class, () -> guard.check(net));
    }

    @Test
    void nonFiniteParametersAreCaught() {
        FlowNetwork net = net(DataType.DOUBLE);
        w(net, 1).putScalar(2, 1, Double.NaN);
        SingularWeightsException e = assertThrows(SingularWeightsException.class,
                () -> new InvertibilityGuard(1).check(net));
        assertTrue(e.getMessage().contains("flow1"), e.getMessage());
    }

    @Test
    void asAListenerItStopsFitAtTheFirstCheckAfterTheDamage() {
        FlowNetwork net = net(DataType.DOUBLE);
        net.setListeners(new InvertibilityGuard(1));
        DataSet batch = new DataSet(ToyData.uniform(20, 3, 3, DataType.DOUBLE), null);
        net.fit(batch);
        w(net, 0).assign(Nd4j.ones(DataType.DOUBLE, 3, 3));
        SingularWeightsException e = assertThrows(SingularWeightsException.class, () -> net.fit(batch));
        assertTrue(e.getMessage().contains("iteration") && e.getMessage().contains("flow0"), e.getMessage());
    }

    @Test
    void badFrequencyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new InvertibilityGuard(0));
    }
}
