package org.relgrad.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.activations.ActivationSmoothLeakyReLU;
import org.relgrad.data.FeatureDataSetIterator;
import org.relgrad.density.StandardNormal;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.train.FlowTrainer;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.InvertibleDenseLayer;

import java.util.Random;

/**
 * Trains the same 2-D flow on one machine and on a local Spark master with DL4J's parameter averaging, and prints
 * both test log-likelihoods. Arguments: [master (default local[2])] [epochs].
 *
 * <p>Spark 3.1 on Java 17 needs the JVM flags listed in this module's pom (surefire argLine) and
 * SPARK_LOCAL_IP=127.0.0.1; see README "Training on Spark".
 */
public final class SparkFlowExample {
    /** Passes over the training data, on one machine and on Spark alike. */
    public static final int EPOCHS = 12;
    /** Minibatch size on each Spark worker; the single-machine run uses workers × this, the same per update. */
    public static final int BATCH_PER_WORKER = 50;
    /** Minibatches each worker fits between two averages of parameters and Adam state. */
    public static final int AVERAGING_FREQUENCY = 5;
    public static final int WORKERS = 2;

    private SparkFlowExample() {
    }

    /**
     * A correlated, bimodal (non-Gaussian) 2-D data set: a 60/40 mixture of two Gaussian blobs, sheared so the
     * coordinates are correlated. [n, 2] doubles.
     */
    public static INDArray toyData(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            boolean first = r.nextDouble() < 0.6;
            double a = (first ? -1.5 : 1.5) + 0.6 * r.nextGaussian();
            double b = (first ? -1.0 : 1.2) + 0.6 * r.nextGaussian();
            x[i][0] = a;
            x[i][1] = 0.7 * a + 0.5 * b;
        }
        return Nd4j.create(x).castTo(DataType.DOUBLE);
    }

    /** 4 invertible dense layers of width 2 (smooth leaky ReLU α 0.3, the last linear), Gaussian base, Adam. */
    public static MultiLayerConfiguration flowConf(long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE).updater(new Adam(1e-2)).list();
        for (int k = 0; k < 4; k++) {
            b.layer(new InvertibleDenseLayer.Builder().units(2)
                    .activation(k == 3 ? Activation.IDENTITY.getActivationFunction()
                            : new ActivationSmoothLeakyReLU(0.3))
                    .build());
        }
        return b.layer(new DensityOutputLayer.Builder(new StandardNormal()).build())
                .setInputType(InputType.feedForward(2)).build();
    }

    /** The single-machine reference: the core trainer on a feature-only iterator, reshuffled every epoch. */
    public static FlowNetwork trainSingleMachine(MultiLayerConfiguration conf, INDArray train, int epochs,
            int batchSize) {
        FlowNetwork net = new FlowNetwork(conf.clone());
        net.init();
        return FlowTrainer.builder().network(net).epochs(epochs)
                .trainData(epoch -> new FeatureDataSetIterator(train, batchSize, (long) (epoch - 1)))
                .build().fit().network();
    }

    public static void main(String[] args) {
        String master = args.length > 0 ? args[0] : "local[" + WORKERS + "]";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : EPOCHS;
        INDArray train = toyData(4000, 1);
        INDArray test = toyData(2000, 2);
        MultiLayerConfiguration conf = flowConf(12345);

        long t0 = System.nanoTime();
        FlowNetwork single = trainSingleMachine(conf, train, epochs, WORKERS * BATCH_PER_WORKER);
        double llSingle = single.asFlow().logProb(test).meanNumber().doubleValue();
        long t1 = System.nanoTime();

        double llSpark;
        try (JavaSparkContext sc = new JavaSparkContext(SparkFlowTraining.localConf(master, "relgrad-spark-example"))) {
            sc.setLogLevel("WARN"); // Spark logs every task at INFO
            JavaRDD<DataSet> rdd = SparkFlowTraining.featureBatches(sc, train, BATCH_PER_WORKER, WORKERS, 3L).cache();
            FlowNetwork spark = new SparkFlowTraining(BATCH_PER_WORKER, AVERAGING_FREQUENCY, WORKERS, 7)
                    .fit(sc, conf, rdd, epochs);
            llSpark = spark.asFlow().logProb(test).meanNumber().doubleValue();
        }
        long t2 = System.nanoTime();
        System.out.printf("test log-likelihood, nats/example (4000 train / 2000 test rows, %d epochs):%n", epochs);
        System.out.printf("  %-52s %.4f  (%.1f s)%n", "single machine, batch " + WORKERS * BATCH_PER_WORKER + ":",
                llSingle, (t1 - t0) / 1e9);
        System.out.printf("  %-52s %.4f  (%.1f s)%n", "Spark " + master + ", parameter averaging, " + WORKERS
                + " x batch " + BATCH_PER_WORKER + ":", llSpark, (t2 - t1) / 1e9);
        System.out.printf("  difference: %.4f nats%n", llSpark - llSingle);
    }
}
