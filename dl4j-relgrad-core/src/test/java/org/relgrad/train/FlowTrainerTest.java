package org.relgrad.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.io.ModelFile;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.optimize.listeners.TrainingDivergedException;
import org.relgrad.testutil.Nets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core training loop: what the README's "Training from Java" example does, resume, early stopping, failure. */
class FlowTrainerTest {
    private static final int D = 3;

    private static INDArray data(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, new long[] {n, D});
        INDArray c0 = x.getColumn(0);
        x.getColumn(1).muli(0.5).addi(c0.mul(c0).muli(0.6));
        return x;
    }

    private static final INDArray TRAIN = data(1, 600);
    private static final INDArray VALID = data(2, 300);

    private static FlowNetwork net(double lr) {
        FlowNetwork net = new FlowNetwork(Nets.mln(D, 3, GradientMode.RELATIVE, new Adam(lr), DataType.DOUBLE, 4));
        net.init();
        return net;
    }

    private static FlowTrainer.Builder trainer(FlowNetwork net, Path model) {
        return FlowTrainer.builder().network(net)
                .trainData(new FeatureDataSetIterator(TRAIN, 50, 9L))
                .validation(new FeatureDataSetIterator(VALID, 128))
                .bestModel(model).epochs(4).patience(10);
    }

    @Test
    void theReadmeExampleKeepsTheBestModelAndACheckpoint(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("flow.zip");
        List<Double> valid = new ArrayList<>();
        FlowTrainer.Result r = trainer(net(1e-2), model).listener(new FlowTrainingListener() {
            @Override
            public void epochEnded(int epoch, double validLogLik, boolean improvedAndSaved) {
                valid.add(validLogLik);
            }
        }).build().fit();
        assertEquals(FlowTrainer.Stop.EPOCH_LIMIT, r.stop());
        assertEquals(4, valid.size());
        double best = valid.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(best, r.state().bestValid());
        // the best model on disk has exactly that validation log-likelihood, recomputed from its parameters
        FlowNetwork saved = ModelFile.load(model, false).network();
        assertEquals(best, Flow.of(saved).logProb(VALID).meanNumber().doubleValue(), 1e-9);
        assertTrue(valid.get(3) > valid.get(0), "training improved the validation log-likelihood: " + valid);
        try (ZipFile best1 = new ZipFile(model.toFile()); ZipFile ck = new ZipFile(Checkpoint.pathFor(model)
                .toFile())) {
            assertNull(best1.getEntry("updaterState.bin"), "the best model holds parameters only");
            assertNotNull(ck.getEntry("updaterState.bin"), "the checkpoint keeps the optimiser state");
        }
        assertEquals(4, Checkpoint.load(Checkpoint.pathFor(model)).state().epoch());
        assertFalse(Files.exists(dir.resolve("flow.zip.lock")), "the lock is released");
    }

    @Test
    void aRunStoppedInsideAnEpochAndResumedEndsBitwiseWhereAnUninterruptedOneDoes(@TempDir Path dir)
            throws IOException {
        FlowTrainer.Result whole = trainer(net(1e-2), dir.resolve("a.zip")).build().fit();

        Path model = dir.resolve("b.zip");
        FlowTrainer.Result first = trainer(net(1e-2), model).stopAfterBatches(17).build().fit();
        assertEquals(FlowTrainer.Stop.BATCH_LIMIT, first.stop());
        assertEquals(1, first.state().epoch());
        assertEquals(5, first.state().batchesDone());
        // a new process: new iterators built the same way, the network from the checkpoint
        FlowTrainer.Result resumed = FlowTrainer.builder().resume(Checkpoint.load(Checkpoint.pathFor(model)))
                .trainData(new FeatureDataSetIterator(TRAIN, 50, 9L))
                .validation(new FeatureDataSetIterator(VALID, 128))
                .bestModel(model).epochs(4).patience(10).build().fit();
        assertEquals(whole.network().params(), resumed.network().params());
        assertEquals(whole.state().bestValid(), resumed.state().bestValid());
        assertEquals(whole.network().getUpdater().getStateViewArray(),
                resumed.network().getUpdater().getStateViewArray());
    }

    @Test
    void patienceStopsARunThatNoLongerImproves(@TempDir Path dir) throws IOException {
        FeatureDataSetIterator train = new FeatureDataSetIterator(TRAIN, 50, 9L);
        EpochData firstEpochOnly = epoch -> epoch == 1 ? EpochData.resetting(train).epoch(1)
                : new FeatureDataSetIterator(TRAIN.getRows(0), 1) {
                    @Override
                    public boolean hasNext() {
                        return false; // no training after epoch 1: the validation log-likelihood stays put
                    }
                };
        FlowTrainer.Result r = trainer(net(1e-2), dir.resolve("m.zip")).trainData(firstEpochOnly).epochs(50)
                .patience(2).build().fit();
        assertEquals(FlowTrainer.Stop.PATIENCE, r.stop());
        assertEquals(3, r.state().epoch());
        assertEquals(1, r.state().bestEpoch());
    }

    @Test
    void divergenceStopsWithAnErrorAndWritesNoBrokenModel(@TempDir Path dir) {
        Path model = dir.resolve("m.zip");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer(net(1e3), model).build().fit());
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        if (Files.exists(model)) {
            double v = ModelFile.load(model, false).metadata().get("validLogLik").asDouble();
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void aLeftoverCheckpointIsNeverOverwrittenByAFreshRun(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.zip");
        trainer(net(1e-2), model).epochs(1).build().fit();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer(net(1e-2), model).build().fit());
        assertTrue(e.getMessage().contains("A checkpoint of an earlier run exists"), e.getMessage());
    }
}
