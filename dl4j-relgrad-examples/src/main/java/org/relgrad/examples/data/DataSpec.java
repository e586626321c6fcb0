package org.relgrad.examples.data;

/**
 * The {@code --data} argument: {@code csv:PATH} (numeric columns, optional header), {@code mnist:DIR} (IDX files, .gz
 * or raw, preprocessed as in the paper) or {@code toy:NAME} (a 2-D dataset of {@code ToyDatasets}).
 */
public final class DataSpec {
    private DataSpec() {
    }

    /** Opens the dataset {@code spec} names; {@code seed} fixes random parts (toy samples, MNIST dequantisation). */
    public static DataSource open(String spec, long seed) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
