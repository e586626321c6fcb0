package org.relgrad.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;
import org.relgrad.nn.layers.InvertibleDenseLayerImpl;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flow trained on a local Spark master (local[2], loopback only) with DL4J's parameter averaging reaches the test
 * log-likelihood of the same flow trained on one machine, on the same data and the same number of epochs.
 */
class SparkFlowTrainingTest {
    private static final int EPOCHS = SparkFlowExample.EPOCHS;
    private static final int BATCH = SparkFlowExample.BATCH_PER_WORKER;
    private static JavaSparkContext sc;
    private static INDArray train;
    private static INDArray test;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(SparkFlowTraining.localConf("local[2]", "relgrad-spark-test"));
        train = SparkFlowExample.toyData(4000, 1);
        test = SparkFlowExample.toyData(2000, 2);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void parameterAveragingMatchesSingleMachineTestLogLikelihood() {
        MultiLayerConfiguration conf = SparkFlowExample.flowConf(12345);
        FlowNetwork untrained = new FlowNetwork(conf.clone());
        untrained.init();
        double llUntrained = untrained.asFlow().logProb(test).meanNumber().doubleValue();

        long t0 = System.nanoTime();
        FlowNetwork single = SparkFlowExample.trainSingleMachine(conf, train, EPOCHS, 2 * BATCH);
        double llSingle = single.asFlow().logProb(test).meanNumber().doubleValue();
        long t1 = System.nanoTime();

        LongAccumulator fits = sc.sc().longAccumulator("fits");
        LongAccumulator onInvertibleLayers = sc.sc().longAccumulator("onInvertibleLayers");
        LongAccumulator withLabels = sc.sc().longAccumulator("withLabels");
        LongAccumulator paramsChanged = sc.sc().longAccumulator("paramsChanged");
        SparkFlowTraining training = new SparkFlowTraining(BATCH, SparkFlowExample.AVERAGING_FREQUENCY, 2, 7)
                .withTrainingHooks(new WorkerProbe(fits, onInvertibleLayers, withLabels, paramsChanged));
        JavaRDD<DataSet> rdd = SparkFlowTraining.featureBatches(sc, train, BATCH, 2, 3L).cache();
        FlowNetwork spark = training.fit(sc, conf, rdd, EPOCHS);
        double llSpark = spark.asFlow().logProb(test).meanNumber().doubleValue();
        long t2 = System.nanoTime();

        System.out.printf("test log-likelihood (nats/example): untrained %.4f, single machine %.4f (%.1f s), "
                        + "Spark local[2] parameter averaging %.4f (%.1f s); worker fits %d%n", llUntrained, llSingle,
                (t1 - t0) / 1e9, llSpark, (t2 - t1) / 1e9, fits.value());

        // the workers really trained: every minibatch fit ran on the custom layers, with (placeholder) labels, and
        // moved the parameters (plain MultiLayerNetwork.fit skips label-free batches silently)
        long expectedFits = (long) EPOCHS * (train.rows() / BATCH);
        assertEquals(expectedFits, fits.value(), "minibatch fits on the workers");
        assertEquals(fits.value(), onInvertibleLayers.value());
        assertEquals(fits.value(), withLabels.value());
        assertEquals(fits.value(), paramsChanged.value());
        assertNotEquals(untrained.params(), spark.params());

        assertTrue(llSingle > llUntrained + 0.5, "single machine trained: " + llUntrained + " -> " + llSingle);
        assertTrue(llSpark > llUntrained + 0.5, "Spark trained: " + llUntrained + " -> " + llSpark);
        assertEquals(llSingle, llSpark, 0.1, "Spark vs single-machine test log-likelihood (nats)");

        // the result is a valid flow of the same layers: exact inverse, finite density
        assertInstanceOf(InvertibleDenseLayer.class, spark.getLayerWiseConfigurations().getConf(0).getLayer());
        Flow flow = spark.asFlow();
        INDArray x = test.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 100),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertTrue(flow.inverse(flow.forward(x)).equalsWithEps(x, 1e-8));
        assertEquals(llSpark, flow.meanLogProb(new FeatureDataSetIterator(test, 500)), 1e-9);
    }

    @Test
    void flowConfigurationSurvivesWhatTheTrainingMasterShipsToWorkers() {
        MultiLayerConfiguration conf = SparkFlowExample.flowConf(12345);
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));

        MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
        net.init();
        // what ParameterAveragingTrainingMaster broadcasts, through both of Spark's serializers
        NetBroadcastTuple tuple = new NetBroadcastTuple(net.getLayerWiseConfigurations(), net.params(),
                net.getUpdater().getStateViewArray());
        SparkConf sparkConf = sc.getConf();
        for (SerializerInstance ser : new SerializerInstance[] {new JavaSerializer(sparkConf).newInstance(),
                new KryoSerializer(sparkConf).newInstance()}) {
            ByteBuffer bytes = ser.serialize(tuple, ClassTag$.MODULE$.apply(NetBroadcastTuple.class));
            NetBroadcastTuple back = ser.deserialize(bytes, ClassTag$.MODULE$.apply(NetBroadcastTuple.class));
            // (init() registered the parameter names W, b in the network's copy of the configuration)
            assertEquals(net.getLayerWiseConfigurations(), back.getConfiguration(), ser.getClass().getSimpleName());
            assertInstanceOf(InvertibleDenseLayer.class, back.getConfiguration().getConf(0).getLayer());
            assertEquals(net.params(), back.getParameters());
            MultiLayerNetwork worker = new MultiLayerNetwork(back.getConfiguration().clone());
            worker.init(back.getParameters().dup(), false);
            assertEquals(net.output(test), worker.output(test), ser.getClass().getSimpleName());
        }
    }

    @Test
    void withoutPlaceholderLabelsDl4jSparkTrainingFails() {
        // why SparkFlowTraining adds placeholder labels: the workers call MultiLayerNetwork.fit(DataSet), which in
        // DL4J 1.0.0-M2.1 throws a NullPointerException on a batch without labels (MultiLayerNetwork.batchSize),
        // failing the Spark job (on one machine, fit(DataSetIterator) instead skips such batches silently)
        MultiLayerNetwork net = new MultiLayerNetwork(SparkFlowExample.flowConf(12345));
        net.init();
        JavaRDD<DataSet> featureOnly = SparkFlowTraining.featureBatches(sc, train, BATCH, 2, 3L);
        SparkDl4jMultiLayer plain = new SparkDl4jMultiLayer(sc, net,
                new SparkFlowTraining(BATCH, SparkFlowExample.AVERAGING_FREQUENCY, 2, 7).trainingMaster());
        SparkException e = assertThrows(SparkException.class, () -> plain.fit(featureOnly));
        assertTrue(e.getMessage().contains("NullPointerException") && e.getMessage().contains("labels"),
                e.getMessage());
    }

    @Test
    void placeholderLabelsAreTheFeatures() {
        INDArray x = train.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        DataSet ds = SparkFlowTraining.withPlaceholderLabels(new DataSet(x, null));
        assertNotNull(ds.getLabels());
        assertEquals(x, ds.getLabels());
        assertEquals(DataType.DOUBLE, ds.getFeatures().dataType());
    }

    /** Runs on the workers: counts minibatch fits and what they ran on. */
    static final class WorkerProbe implements TrainingHook {
        private final LongAccumulator fits;
        private final LongAccumulator onInvertibleLayers;
        private final LongAccumulator withLabels;
        private final LongAccumulator paramsChanged;
        private transient INDArray before;

        WorkerProbe(LongAccumulator fits, LongAccumulator onInvertibleLayers, LongAccumulator withLabels,
                LongAccumulator paramsChanged) {
            this.fits = fits;
            this.onInvertibleLayers = onInvertibleLayers;
            this.withLabels = withLabels;
            this.paramsChanged = paramsChanged;
        }

        @Override
        public void preUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
            before = model.params().dup();
        }

        @Override
        public void postUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
            fits.add(1);
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            if (net.getLayer(0) instanceof InvertibleDenseLayerImpl) {
                onInvertibleLayers.add(1);
            }
            if (minibatch.getLabels() != null) {
                withLabels.add(1);
            }
            if (before != null && !before.equals(model.params())) {
                paramsChanged.add(1);
            }
        }

        @Override
        public void preUpdate(org.nd4j.linalg.dataset.api.MultiDataSet minibatch, Model model) {
        }

        @Override
        public void postUpdate(org.nd4j.linalg.dataset.api.MultiDataSet minibatch, Model model) {
        }
    }
}
