package org.relgrad.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;

/**
 * MNIST images with their digit labels, pixels scaled to [0, 1] (no dequantisation, no logit): the input of an
 * ordinary DL4J classifier, e.g. the feature extractor under a flow head.
 */
public record MnistDigits(INDArray pixels, int[] labels) {

    /** The training set ({@code test} false, 60,000 images) or the test set (10,000) of the IDX files in {@code dir}. */
    public static MnistDigits load(Path dir, boolean test) {
        MnistIdx.Images images = MnistIdx.readImages(MnistIdx.locate(dir, test ? MnistDataSource.TEST_IMAGES
                : MnistDataSource.TRAIN_IMAGES));
        byte[] raw = MnistIdx.readLabels(MnistIdx.locate(dir, test ? MnistDataSource.TEST_LABELS
                : MnistDataSource.TRAIN_LABELS));
        if (raw.length != images.count()) {
            throw new DataFormatException(dir + ": " + images.count() + " images but " + raw.length + " labels");
        }
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            labels[i] = raw[i] & 0xFF;
        }
        byte[] p = images.pixels();
        float[] scaled = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            scaled[i] = (p[i] & 0xFF) / 255f;
        }
        return new MnistDigits(Nd4j.create(scaled, new long[] {images.count(), images.pixelsPerImage()},
                'c').castTo(DataType.FLOAT), labels);
    }

    /** The images whose label is (or, with {@code keep} false, is not) {@code digit}. */
    public MnistDigits where(int digit, boolean keep) {
        int n = 0;
        for (int l : labels) {
            n += (l == digit) == keep ? 1 : 0;
        }
        int[] rows = new int[n];
        int[] kept = new int[n];
        for (int i = 0, k = 0; i < labels.length; i++) {
            if ((labels[i] == digit) == keep) {
                rows[k] = i;
                kept[k++] = labels[i];
            }
        }
        return new MnistDigits(Nd4j.pullRows(pixels, 1, rows), kept);
    }

    public int size() {
        return labels.length;
    }
}
