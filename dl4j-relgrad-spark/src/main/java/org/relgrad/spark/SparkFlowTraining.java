package org.relgrad.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.ConditionalDensityOutputLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a flow ({@link MultiLayerConfiguration} of the core's layers) on Spark with DL4J's own
 * {@link SparkDl4jMultiLayer} and {@link ParameterAveragingTrainingMaster}, and hands back a {@link FlowNetwork}
 * whose {@code asFlow()} gives exact log p(x).
 *
 * <p>The workers build plain {@code MultiLayerNetwork}s and call {@code fit(DataSet)}, which in DL4J 1.0.0-M2.1 throws
 * a NullPointerException on a batch without labels (on one machine, {@code fit(DataSetIterator)} skips such batches
 * silently instead). The RDD's batches are therefore given their own features as placeholder labels
 * ({@link #withPlaceholderLabels(DataSet)}): a {@code DensityOutputLayer} ignores labels. A conditional flow's labels
 * carry u and are never made up.
 */
public final class SparkFlowTraining {
    private final int batchSizePerWorker;
    private final int averagingFrequency;
    private final Integer numWorkers;
    private final long seed;
    private final List<TrainingHook> hooks = new ArrayList<>();

    /**
     * @param batchSizePerWorker examples per minibatch on each worker (also the size of each DataSet in the RDD,
     *                           see {@link #featureBatches})
     * @param averagingFrequency minibatches each worker fits between two parameter (and Adam state) averages
     * @param numWorkers         workers to split the data over; null: Spark's default parallelism
     * @param seed               seed of the training master's data splits
     */
    public SparkFlowTraining(int batchSizePerWorker, int averagingFrequency, Integer numWorkers, long seed) {
        if (batchSizePerWorker < 1 || averagingFrequency < 1 || (numWorkers != null && numWorkers < 1)) {
            throw new IllegalArgumentException("batchSizePerWorker, averagingFrequency and numWorkers must be >= 1");
        }
        this.batchSizePerWorker = batchSizePerWorker;
        this.averagingFrequency = averagingFrequency;
        this.numWorkers = numWorkers;
        this.seed = seed;
    }

    /** Adds hooks that the workers call around each minibatch fit (e.g. to check what ran there). */
    public SparkFlowTraining withTrainingHooks(TrainingHook... trainingHooks) {
        hooks.addAll(java.util.Arrays.asList(trainingHooks));
        return this;
    }

    /** DL4J's parameter-averaging training master with these settings (no prefetch, updater state averaged too). */
    public ParameterAveragingTrainingMaster trainingMaster() {
        ParameterAveragingTrainingMaster.Builder b = numWorkers == null
                ? new ParameterAveragingTrainingMaster.Builder(batchSizePerWorker)
                : new ParameterAveragingTrainingMaster.Builder(numWorkers, batchSizePerWorker);
        return b.batchSizePerWorker(batchSizePerWorker)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                // DataSets go to the workers in the RDD itself: no export to a (Hadoop) directory first
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(seed)
                .trainingHooks(hooks)
                .build();
    }

    /** Trains a new network of {@code conf} for {@code epochs} passes over {@code data}. */
    public FlowNetwork fit(JavaSparkContext sc, MultiLayerConfiguration conf, JavaRDD<DataSet> data, int epochs) {
        FlowNetwork net = new FlowNetwork(conf.clone());
        net.init();
        return fit(sc, net, data, epochs);
    }

    /** Continues training {@code net} (its parameters and updater state) for {@code epochs} passes over {@code data}. */
    public FlowNetwork fit(JavaSparkContext sc, MultiLayerNetwork net, JavaRDD<DataSet> data, int epochs) {
        boolean conditional = isConditional(net.getLayerWiseConfigurations());
        JavaRDD<DataSet> batches = data.map(ds -> withPlaceholderLabels(ds, conditional));
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, net, trainingMaster());
        for (int e = 0; e < epochs; e++) {
            sparkNet.fit(batches);
        }
        return FlowNetwork.from(sparkNet.getNetwork());
    }

    static boolean isConditional(MultiLayerConfiguration conf) {
        int last = conf.getConfs().size() - 1;
        return conf.getConf(last).getLayer() instanceof ConditionalDensityOutputLayer;
    }

    /** {@code ds} with its features as placeholder labels when it has none (same array, nothing copied). */
    public static DataSet withPlaceholderLabels(DataSet ds) {
        return withPlaceholderLabels(ds, false);
    }

    static DataSet withPlaceholderLabels(DataSet ds, boolean conditional) {
        if (ds.getLabels() != null) {
            return ds;
        }
        if (conditional) {
            throw new IllegalArgumentException("This flow's base density is conditional on u: every batch needs "
                    + "labels u; got a batch without labels");
        }
        return new DataSet(ds.getFeatures(), ds.getFeatures(), ds.getFeaturesMaskArray(), null);
    }

    /**
     * The rows of {@code features} [N, D] as an RDD of feature-only DataSets of {@code batchSize} rows (the last
     * one may be smaller), shuffled once with {@code seed} (null: row order), in {@code numSlices} partitions.
     */
    public static JavaRDD<DataSet> featureBatches(JavaSparkContext sc, INDArray features, int batchSize,
            int numSlices, Long seed) {
        int n = (int) features.rows();
        int[] order = seed == null ? java.util.stream.IntStream.range(0, n).toArray()
                : org.relgrad.util.Permutations.shuffled(n, new Random(seed));
        List<DataSet> list = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int[] rows = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
            INDArray x = features.get(NDArrayIndex.indices(toLong(rows)), NDArrayIndex.all()).dup();
            list.add(new DataSet(x, null));
        }
        return sc.parallelize(list, numSlices);
    }

    private static long[] toLong(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    /**
     * A SparkConf for a master on this machine only: driver bound to 127.0.0.1, no web UI, Kryo with ND4J's
     * registrator (as DL4J recommends). Set SPARK_LOCAL_IP=127.0.0.1 in the environment too.
     */
    public static SparkConf localConf(String master, String appName) {
        return new SparkConf().setMaster(master).setAppName(appName)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
    }
}
