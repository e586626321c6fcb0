package org.relgrad.earlystopping;

import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingModelSaver;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.saver.LocalFileGraphSaver;
import org.deeplearning4j.earlystopping.saver.LocalFileModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.scorecalc.ScoreCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowGraph;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's early stopping on flows: with its stock savers and with ours, the best model is a flow whose exact NLL on the
 * validation data is the score early stopping recorded for its epoch.
 */
class FlowEarlyStoppingTest {
    private static final int D = 3;
    private static final int EPOCHS = 4;

    private static INDArray data(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, new long[] {n, D});
        // a curved, non-Gaussian cloud, so that training has something to learn
        INDArray c0 = x.getColumn(0);
        x.getColumn(1).muli(0.5).addi(c0.mul(c0).muli(0.6));
        return x;
    }

    private static final INDArray TRAIN = data(1, 400);
    private static final INDArray VALID = data(2, 200);

    private static FlowNetwork flow() {
        FlowNetwork net = new FlowNetwork(Nets.mln(D, 3, GradientMode.RELATIVE, new Adam(1e-2), DataType.DOUBLE, 3));
        net.init();
        return net;
    }

    private static FlowGraph graph() {
        FlowGraph g = new FlowGraph(Nets.graph(D, 3, GradientMode.RELATIVE, new Adam(1e-2), DataType.DOUBLE, 3,
                false));
        g.init();
        return g;
    }

    /** The exact validation NLL, from the flow's parameters alone. */
    private static double exactNll(Model m) {
        Flow f = m instanceof MultiLayerNetwork ? Flow.of((MultiLayerNetwork) m) : Flow.of((ComputationGraph) m);
        return -f.logProb(VALID).meanNumber().doubleValue();
    }

    private static <T extends Model> EarlyStoppingConfiguration<T> config(EarlyStoppingModelSaver<T> saver,
            ScoreCalculator<?> calculator) {
        return new EarlyStoppingConfiguration.Builder<T>().modelSaver(saver).scoreCalculator(calculator)
                .epochTerminationConditions(new MaxEpochsTerminationCondition(EPOCHS)).build();
    }

    private static EarlyStoppingResult<MultiLayerNetwork> train(EarlyStoppingModelSaver<MultiLayerNetwork> saver,
            ScoreCalculator<?> calculator) {
        return new EarlyStoppingTrainer(config(saver, calculator), flow(), new FeatureDataSetIterator(TRAIN, 50, 7L))
                .fit();
    }

    private static EarlyStoppingResult<ComputationGraph> trainGraph(EarlyStoppingModelSaver<ComputationGraph> saver,
            ScoreCalculator<?> calculator) {
        return new EarlyStoppingGraphTrainer(config(saver, calculator), graph(),
                new FeatureDataSetIterator(TRAIN, 50, 7L)).fit();
    }

    private static double recordedBestScore(EarlyStoppingResult<?> r) {
        return r.getScoreVsEpoch().get(r.getBestModelEpoch());
    }

    private static void assertTrainsOnFeaturesOnly(MultiLayerNetwork best) {
        INDArray before = best.params().dup();
        best.fit(new FeatureDataSetIterator(TRAIN, 50, 9L));
        assertTrue(best.params().sub(before).norm2Number().doubleValue() > 1e-4, "fit changed nothing");
    }

    @Test
    void stockInMemorySaverGivesAFlowNetworkWhoseScoreIsTheExactNll() {
        EarlyStoppingResult<MultiLayerNetwork> r = train(new InMemoryModelSaver<>(),
                new DataSetLossCalculator(new FeatureDataSetIterator(VALID, 64), true));
        assertEquals(EarlyStoppingResult.TerminationReason.EpochTerminationCondition, r.getTerminationReason(),
                r.getTerminationDetails());
        MultiLayerNetwork best = r.getBestModel();
        assertInstanceOf(FlowNetwork.class, best);
        assertEquals(exactNll(best), recordedBestScore(r), 1e-10);
        assertEquals(exactNll(best), best.score(new DataSet(VALID, null)), 1e-10);
        assertTrainsOnFeaturesOnly(best);
    }

    @Test
    void stockFileSaverGivesAModelThatIsAFlowAndBecomesAFlowNetwork(@TempDir File dir) {
        EarlyStoppingResult<MultiLayerNetwork> r = train(new LocalFileModelSaver(dir),
                new ExactNllScoreCalculator(new FeatureDataSetIterator(VALID, 64)));
        MultiLayerNetwork best = r.getBestModel();
        assertEquals(exactNll(best), recordedBestScore(r), 1e-10);
        FlowNetwork flow = FlowNetwork.from(best);
        assertEquals(exactNll(best), flow.score(new DataSet(VALID, null)), 1e-10);
        assertTrainsOnFeaturesOnly(flow);
    }

    @Test
    void flowSaversReturnFlowNetworksWithTheRecordedBestScore(@TempDir File dir) {
        for (FlowModelSaver saver : new FlowModelSaver[] {new FlowModelSaver(), new FlowModelSaver(dir)}) {
            EarlyStoppingResult<MultiLayerNetwork> r = train(saver,
                    new ExactNllScoreCalculator(new FeatureDataSetIterator(VALID, 64)));
            MultiLayerNetwork best = r.getBestModel();
            assertInstanceOf(FlowNetwork.class, best, saver.toString());
            double exact = exactNll(best);
            assertEquals(exact, recordedBestScore(r), 1e-10, saver.toString());
            // DL4J reports bestModel.score() as the best score: ours carries the recorded one
            assertEquals(exact, r.getBestModelScore(), 1e-10, saver.toString());
            assertTrainsOnFeaturesOnly(best);
        }
    }

    @Test
    void graphTrainerWithStockAndFlowSavers(@TempDir File dir) throws Exception {
        EarlyStoppingResult<ComputationGraph> stock = trainGraph(new InMemoryModelSaver<>(),
                new ExactNllScoreCalculator(new FeatureDataSetIterator(VALID, 64)));
        assertInstanceOf(FlowGraph.class, stock.getBestModel());
        assertEquals(exactNll(stock.getBestModel()), recordedBestScore(stock), 1e-10);

        EarlyStoppingResult<ComputationGraph> file = trainGraph(new LocalFileGraphSaver(new File(dir, "stock")
                .getPath()), new ExactNllScoreCalculator(new FeatureDataSetIterator(VALID, 64)));
        assertEquals(exactNll(file.getBestModel()), recordedBestScore(file), 1e-10);

        EarlyStoppingResult<ComputationGraph> ours = trainGraph(new FlowGraphSaver(new File(dir, "ours")),
                new ExactNllScoreCalculator(new FeatureDataSetIterator(VALID, 64)));
        ComputationGraph best = ours.getBestModel();
        assertInstanceOf(FlowGraph.class, best);
        assertEquals(exactNll(best), ours.getBestModelScore(), 1e-10);
        INDArray before = best.params().dup();
        best.fit(new FeatureDataSetIterator(TRAIN, 50, 9L));
        assertNotEquals(0.0, best.params().sub(before).norm2Number().doubleValue());
    }
}
