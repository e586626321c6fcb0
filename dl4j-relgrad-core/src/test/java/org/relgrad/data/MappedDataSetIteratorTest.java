package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class MappedDataSetIteratorTest {

    @Test
    void everyBatchPassesThroughTheFunctionAndResetRestartsItsState() {
        INDArray x = Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(6, 2);
        int[] calls = {0};
        MappedDataSetIterator it = new MappedDataSetIterator(new FeatureDataSetIterator(x, 4),
                ds -> new DataSet(ds.getFeatures().add(100 * ++calls[0]), null), () -> calls[0] = 0);
        assertEquals(x.getRows(0, 1, 2, 3).add(100), it.next().getFeatures());
        assertEquals(x.getRows(4, 5).add(200), it.next().getFeatures());
        assertFalse(it.hasNext());
        assertFalse(it.asyncSupported(), "a stateful map must run in order on the consumer's thread");
        it.reset();
        assertEquals(x.getRows(0, 1, 2, 3).add(100), it.next().getFeatures());
        assertEquals(2, it.inputColumns());
    }
}
