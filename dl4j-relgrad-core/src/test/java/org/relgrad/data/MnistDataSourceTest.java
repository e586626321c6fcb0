package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MnistDataSourceTest {
    @TempDir
    Path dir;

    private static List<float[]> rows(ExampleSource source) {
        return DataTestSupport.drain(source.iterator(1000, null));
    }

    /** Each value lies in the image of [p, p + 1) under the preprocessing, p being the pixel written there. */
    private static void assertPreprocessedPixels(List<float[]> rows, int firstImage) {
        for (int i = 0; i < rows.size(); i++) {
            float[] row = rows.get(i);
            for (int k = 0; k < row.length; k++) {
                int p = MnistTestFiles.pixel(firstImage + i, k);
                double low = MnistPreprocessing.logit(p, 0);
                double high = MnistPreprocessing.logit(p, 1);
                assertTrue(row[k] >= (float) low && row[k] <= (float) high,
                        "image " + (firstImage + i) + " pixel " + k + " = " + p + ": " + row[k]);
            }
        }
    }

    @Test
    void splitIsTheLastSixthAndValuesArePreprocessedPixels() {
        DataSource mnist = MnistDataSource.open(MnistTestFiles.directory(dir, 12, 5, 2, 3), 1);
        assertEquals(6, mnist.dims());
        assertEquals("mnist", mnist.name());
        DataSource.Split split = mnist.split(0.1, 0);
        List<float[]> train = rows(split.train());
        List<float[]> valid = rows(split.validation());
        List<float[]> test = rows(mnist.evaluation());
        assertEquals(10, train.size());
        assertEquals(2, valid.size());
        assertEquals(5, test.size());
        assertPreprocessedPixels(train, 0);
        assertPreprocessedPixels(valid, 10);
        assertPreprocessedPixels(test, 0);
        assertEquals("mnist (test set)", mnist.evaluation().describe());
    }

    @Test
    void paperSplitSizesForSixtyThousandImages() {
        assertEquals(10_000, MnistDataSource.validationSize(60_000));
        assertEquals(1, MnistDataSource.validationSize(2));
    }

    @Test
    void splitArgumentsAreIgnored() {
        DataSource mnist = MnistDataSource.open(MnistTestFiles.directory(dir, 12, 2, 2, 2), 1);
        assertSame(mnist.split(0.1, 0).train(), mnist.split(0.5, 9).train());
    }

    @Test
    void noiseIsFixedBySeedAtOpen() {
        MnistTestFiles.directory(dir, 6, 2, 2, 2);
        List<String> a = DataTestSupport.keys(rows(MnistDataSource.open(dir, 3).evaluation()));
        DataSource opened = MnistDataSource.open(dir, 3);
        assertEquals(a, DataTestSupport.keys(rows(opened.evaluation())));
        assertEquals(a, DataTestSupport.keys(rows(opened.evaluation())), "evaluation is repeatable");
        assertNotEquals(a, DataTestSupport.keys(rows(MnistDataSource.open(dir, 4).evaluation())));
    }

    /** Pixel byte and noise of a preprocessed value: y = 256 (sigmoid(z) − λ) / (1 − 2λ) = p + u. */
    private static double dequantized(float z) {
        double x = 1 / (1 + Math.exp(-z));
        return 256 * (x - MnistPreprocessing.LAMBDA) / (1 - 2 * MnistPreprocessing.LAMBDA);
    }

    /** Per image (identified by its pixel bytes), the noise of each pixel, over one pass of {@code it}. */
    private static java.util.Map<String, double[]> noiseByImage(org.nd4j.linalg.dataset.api.iterator.DataSetIterator it) {
        java.util.Map<String, double[]> byImage = new java.util.HashMap<>();
        for (float[] row : DataTestSupport.drain(it)) {
            StringBuilder key = new StringBuilder();
            double[] u = new double[row.length];
            for (int k = 0; k < row.length; k++) {
                double y = dequantized(row[k]);
                key.append((int) Math.floor(y)).append(',');
                u[k] = y - Math.floor(y);
            }
            byImage.put(key.toString(), u);
        }
        return byImage;
    }

    @Test
    void trainingNoiseIsFreshEveryEpochAndTheSameForARebuiltIterator() {
        MnistTestFiles.directory(dir, 12, 2, 2, 2);
        ExampleSource train = MnistDataSource.open(dir, 3).split(0.1, 0).train();
        org.nd4j.linalg.dataset.api.iterator.DataSetIterator it = train.iterator(4, 7L);
        java.util.Map<String, double[]> epoch1 = noiseByImage(it);
        it.reset();
        java.util.Map<String, double[]> epoch2 = noiseByImage(it);
        assertEquals(10, epoch1.size(), "the test images are distinct");
        assertEquals(epoch1.keySet(), epoch2.keySet(), "the same images, in another order and with other noise");
        for (String image : epoch1.keySet()) {
            double[] a = epoch1.get(image);
            double[] b = epoch2.get(image);
            for (int k = 0; k < a.length; k++) {
                assertTrue(a[k] >= 0 && a[k] < 1 && Math.abs(a[k] - b[k]) > 1e-6, image + " pixel " + k);
            }
        }
        // a resumed run rebuilds the iterator and resets it once per finished epoch: it must see epoch 2's noise
        org.nd4j.linalg.dataset.api.iterator.DataSetIterator again = MnistDataSource.open(dir, 3).split(0.1, 0).train()
                .iterator(4, 7L);
        again.reset();
        java.util.Map<String, double[]> resumed = noiseByImage(again);
        for (String image : epoch2.keySet()) {
            assertEquals(java.util.Arrays.toString(epoch2.get(image)), java.util.Arrays.toString(resumed.get(image)));
        }
        // unshuffled passes (statistics, evaluation of the training part) are repeatable
        assertEquals(DataTestSupport.keys(rows(train)), DataTestSupport.keys(rows(train)));
    }

    @Test
    void statsDescribeThePreprocessedValues() {
        DataSource mnist = MnistDataSource.open(MnistTestFiles.directory(dir, 12, 2, 1, 2), 1);
        ColumnStats stats = mnist.split(0.1, 0).train().stats();
        List<float[]> train = rows(mnist.split(0.1, 0).train());
        double mean = 0;
        for (float[] row : train) {
            mean += row[1];
        }
        mean /= train.size();
        assertEquals(10, stats.count());
        assertEquals(mean, stats.mean()[1], 1e-5);
    }

    @Test
    void missingDirectoryOrFileIsReported() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> MnistDataSource.open(dir.resolve("absent"), 0));
        assertTrue(e.getMessage().contains("absent: no such directory"), e.getMessage());
        MnistTestFiles.directory(dir, 6, 2, 2, 2);
        assertTrue(dir.resolve(MnistDataSource.TEST_LABELS).toFile().delete());
        e = assertThrows(DataFormatException.class, () -> MnistDataSource.open(dir, 0));
        assertTrue(e.getMessage().contains(MnistDataSource.TEST_LABELS + " (or "), e.getMessage());
    }

    @Test
    void inconsistentFilesAreReported() {
        MnistTestFiles.directory(dir, 6, 2, 2, 2);
        MnistTestFiles.write(dir.resolve(MnistDataSource.TEST_LABELS), MnistTestFiles.labels(3), false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> MnistDataSource.open(dir, 0));
        assertTrue(e.getMessage().contains("holds 2 images but " + MnistDataSource.TEST_LABELS + " 3 labels"),
                e.getMessage());

        MnistTestFiles.write(dir.resolve(MnistDataSource.TEST_LABELS), MnistTestFiles.labels(2), false);
        MnistTestFiles.write(dir.resolve(MnistDataSource.TEST_IMAGES), MnistTestFiles.images(2, 3, 2), false);
        e = assertThrows(DataFormatException.class, () -> MnistDataSource.open(dir, 0));
        assertTrue(e.getMessage().contains("2x2 but test images 3x2"), e.getMessage());
    }

    @Test
    void tooFewTrainingImagesAreReported() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> MnistDataSource.open(MnistTestFiles.directory(dir, 1, 1, 2, 2), 0));
        assertTrue(e.getMessage().contains("at least 2 training"), e.getMessage());
    }

    @Test
    void realMnistWhenFetched() {
        Path real = Path.of("..", "data", "mnist");
        assumeTrue(Files.isDirectory(real), "scripts/fetch-mnist.sh has not been run");
        DataSource mnist = MnistDataSource.open(real, 0);
        assertEquals(784, mnist.dims());
        DataSource.Split split = mnist.split(0.1, 0);
        assertEquals(50_000, ((MnistTrainingSource) split.train()).size());
        assertEquals(10_000, ((InMemoryExampleSource) split.validation()).size());
        assertEquals(10_000, ((InMemoryExampleSource) mnist.evaluation()).size());
    }
}
