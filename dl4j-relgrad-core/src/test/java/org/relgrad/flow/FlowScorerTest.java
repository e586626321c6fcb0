package org.relgrad.flow;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scorer inside a service: frozen at its creation, safe from many threads, its parts adding up to log p. */
class FlowScorerTest {

    private static FlowNetwork trained() {
        FlowNetwork net = new FlowNetwork(Nets.mln(4, 3, GradientMode.RELATIVE, new Adam(1e-2), DataType.DOUBLE, 2));
        net.init();
        Nd4j.getRandom().setSeed(1);
        DataSet batch = new DataSet(Nd4j.randn(DataType.DOUBLE, new long[] {64, 4}).muli(2), null);
        for (int i = 0; i < 30; i++) {
            net.fit(batch);
        }
        return net;
    }

    private static INDArray x(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, new long[] {200, 4});
    }

    @Test
    void scoresAreTheFlowsAndAddUpFromTheBaseDensityAndTheLayerTerms() {
        FlowNetwork net = trained();
        INDArray x = x(3);
        FlowScorer.Scores s = net.asFlow().scorer().score(x);
        assertTrue(net.asFlow().logProb(x).equalsWithEps(s.logp(), 1e-12));
        assertTrue(net.asFlow().forward(x).equalsWithEps(s.latents(), 1e-12));
        // standard normal base in closed form + Σ per-layer log-dets
        INDArray z = s.latents();
        INDArray base = z.mul(z).sum(1).muli(-0.5).subi(2 * Math.log(2 * Math.PI));
        assertTrue(base.add(s.layerLogDets().sum(1)).equalsWithEps(s.logp(), 1e-10));
        assertEquals(3, s.layerLogDets().columns());
        assertTrue(s.anomalyScore().equalsWithEps(s.logp().neg(), 0));
    }

    @Test
    void aScorerIsFrozenWhileTrainingGoesOnAndIsSafeFromManyThreads() throws Exception {
        FlowNetwork net = trained();
        INDArray x = x(4);
        FlowScorer scorer = net.asFlow().scorer();
        INDArray before = scorer.score(x).logp().dup();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<INDArray>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> scorer.score(x).logp()));
            }
            // the network trains meanwhile; the scorer must not see it
            for (int i = 0; i < 10; i++) {
                net.fit(new DataSet(x, null));
            }
            for (Future<INDArray> r : results) {
                assertEquals(before, r.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(before, scorer.score(x).logp());
        assertTrue(net.asFlow().logProb(x).sub(before).amaxNumber().doubleValue() > 1e-6, "the network moved on");
    }
}
