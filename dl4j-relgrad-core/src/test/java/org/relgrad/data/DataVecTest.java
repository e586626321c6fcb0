package org.relgrad.data;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.GradientMode;
import org.relgrad.testutil.Nets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DataVec's CSVRecordReader through RecordReaderDataSetIterator feeds FlowNetwork.fit with features only. */
class DataVecTest {

    @Test
    void aRecordReaderIteratorTrainsAFlowExactlyAsTheSameRowsInMemoryDo(@TempDir Path dir) throws Exception {
        Random r = new Random(3);
        int n = 200;
        int d = 3;
        double[][] rows = new double[n][d];
        StringBuilder csv = new StringBuilder();
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                // multiples of 1/64: the CSV text parses to exactly these floats
                row[j] = Math.rint(64 * (r.nextGaussian() + (j == 1 ? 0.5 * row[0] * row[0] : 0))) / 64;
                csv.append(j == 0 ? "" : ",").append(row[j]);
            }
            csv.append('\n');
        }
        Path file = Files.writeString(dir.resolve("x.csv"), csv);
        CSVRecordReader reader = new CSVRecordReader(0, ',');
        reader.initialize(new FileSplit(file.toFile()));
        RecordReaderDataSetIterator dataVec = new RecordReaderDataSetIterator(reader, 50);
        DataSet first = dataVec.next();
        // without a label column DataVec hands the features as labels too; a density output layer ignores them
        assertEquals(first.getFeatures(), first.getLabels());
        assertEquals(d, first.getFeatures().columns());
        dataVec.reset();

        FlowNetwork viaDataVec = new FlowNetwork(Nets.mln(d, 2, GradientMode.RELATIVE, new Adam(1e-2),
                DataType.FLOAT, 5));
        viaDataVec.init();
        FlowNetwork inMemory = new FlowNetwork(Nets.mln(d, 2, GradientMode.RELATIVE, new Adam(1e-2),
                DataType.FLOAT, 5));
        inMemory.init();
        INDArray x = Nd4j.createFromArray(rows).castTo(DataType.FLOAT);
        double before = -Flow.of(viaDataVec).logProb(x).meanNumber().doubleValue();
        for (int epoch = 0; epoch < 5; epoch++) {
            viaDataVec.fit(dataVec);
            inMemory.fit(new FeatureDataSetIterator(x, 50));
        }
        assertEquals(inMemory.params(), viaDataVec.params());
        double after = -Flow.of(viaDataVec).logProb(x).meanNumber().doubleValue();
        assertTrue(after < before - 0.05, "training lowered the NLL: " + before + " -> " + after);
        assertTrue(viaDataVec.getIterationCount() >= 20, "4 batches x 5 epochs were fitted");
    }
}
