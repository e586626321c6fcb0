package org.relgrad.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A view of a {@link DataSetIterator} whose batches pass through a function (placeholder labels, dequantisation
 * noise, ...); everything else is the underlying iterator's. {@code onReset} runs after every reset, for functions
 * with state that a new pass must restart (a seeded noise source).
 */
public final class MappedDataSetIterator implements DataSetIterator {
    private final DataSetIterator it;
    private final UnaryOperator<DataSet> map;
    private final Runnable onReset;

    /** A stateful {@code map}: {@code onReset} restarts it; batches are mapped on the consumer's thread, in order. */
    public MappedDataSetIterator(DataSetIterator it, UnaryOperator<DataSet> map, Runnable onReset) {
        this.it = it;
        this.map = map;
        this.onReset = onReset;
    }

    /** A stateless {@code map}: DL4J may prefetch batches asynchronously if {@code it} allows it. */
    public MappedDataSetIterator(DataSetIterator it, UnaryOperator<DataSet> map) {
        this(it, map, null);
    }

    @Override
    public DataSet next(int num) {
        return map.apply(it.next(num));
    }

    @Override
    public DataSet next() {
        return map.apply(it.next());
    }

    @Override
    public boolean hasNext() {
        return it.hasNext();
    }

    @Override
    public int inputColumns() {
        return it.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return it.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return it.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return onReset == null && it.asyncSupported();
    }

    @Override
    public void reset() {
        it.reset();
        if (onReset != null) {
            onReset.run();
        }
    }

    @Override
    public int batch() {
        return it.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        it.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return it.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return it.getLabels();
    }
}
