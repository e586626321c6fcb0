package org.relgrad.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * MNIST ({@code mnist:DIR}) with the paper's preprocessing ({@link MnistPreprocessing}) and split: the last sixth of
 * the training images is the validation part, which for the real 60,000 images is the usual 50,000 / 10,000 split,
 * and the test images are the evaluation set. Any image size works (D = rows × columns), so tests can use tiny files.
 *
 * <p>The training part draws its dequantisation noise afresh at every epoch ({@link MnistTrainingSource}); the
 * validation part and the test set draw theirs once, from the seed, when the directory is opened, so every
 * evaluation sees the same values, as in MAF's preprocessed dataset. All 70,000 images are held in memory (≈ 220 MB
 * as float32).
 */
final class MnistDataSource implements DataSource {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final int dims;
    private final Split split;
    private final ExampleSource evaluation;

    private MnistDataSource(int dims, Split split, ExampleSource evaluation) {
        this.dims = dims;
        this.split = split;
        this.evaluation = evaluation;
    }

    /**
     * Reads and preprocesses the four IDX files of {@code dir} (each raw or {@code .gz}). The labels are not used by
     * density estimation but are read to check that each images file is complete and paired with its labels.
     *
     * @throws DataFormatException for a missing directory or file, a wrong magic number, a truncated file, image and
     *                             label counts that differ, training and test images of different sizes, or fewer
     *                             than two training images
     */
    static MnistDataSource open(Path dir, long seed) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir + ": no such directory (scripts/fetch-mnist.sh downloads MNIST)");
        }
        MnistIdx.Images train = readPaired(dir, TRAIN_IMAGES, TRAIN_LABELS);
        MnistIdx.Images test = readPaired(dir, TEST_IMAGES, TEST_LABELS);
        if (train.rows() != test.rows() || train.columns() != test.columns()) {
            throw new DataFormatException(dir + ": training images are " + train.rows() + "x" + train.columns()
                    + " but test images " + test.rows() + "x" + test.columns());
        }
        if (train.count() < 2 || test.count() == 0) {
            throw new DataFormatException(dir + ": need at least 2 training and 1 test image, found "
                    + train.count() + " and " + test.count());
        }
        int validation = validationSize(train.count());
        int trainSize = train.count() - validation;
        SplittableRandom noise = new SplittableRandom(seed);
        Split split = new Split(
                new MnistTrainingSource(rawPixels(train, trainSize), seed + 1, "mnist (train part)"),
                new InMemoryExampleSource(preprocess(train, trainSize, train.count(), noise),
                        "mnist (validation part)"));
        ExampleSource evaluation = new InMemoryExampleSource(preprocess(test, 0, test.count(), noise),
                "mnist (test set)");
        return new MnistDataSource(train.pixelsPerImage(), split, evaluation);
    }

    /** The last sixth of the training images (10,000 of MNIST's 60,000), at least one. */
    static int validationSize(int trainingImages) {
        return Math.max(1, trainingImages / 6);
    }

    private static MnistIdx.Images readPaired(Path dir, String imagesName, String labelsName) {
        Path imagesFile = MnistIdx.locate(dir, imagesName);
        Path labelsFile = MnistIdx.locate(dir, labelsName);
        MnistIdx.Images images = MnistIdx.readImages(imagesFile);
        int labels = MnistIdx.readLabels(labelsFile).length;
        if (labels != images.count()) {
            throw new DataFormatException(dir + ": " + imagesFile.getFileName() + " holds " + images.count()
                    + " images but " + labelsFile.getFileName() + " " + labels + " labels");
        }
        return images;
    }

    /** The first {@code count} images' pixel values, [count, D] as float32. */
    private static INDArray rawPixels(MnistIdx.Images images, int count) {
        int d = images.pixelsPerImage();
        byte[] pixels = images.pixels();
        float[] p = new float[count * d];
        for (int i = 0; i < p.length; i++) {
            p[i] = pixels[i] & 0xff;
        }
        return Nd4j.create(p, new long[] {count, d}, DataType.FLOAT);
    }

    private static INDArray preprocess(MnistIdx.Images images, int from, int to, SplittableRandom noise) {
        int d = images.pixelsPerImage();
        byte[] pixels = images.pixels();
        float[] z = new float[(to - from) * d];
        for (int i = 0, p = from * d; i < z.length; i++, p++) {
            z[i] = (float) MnistPreprocessing.logit(pixels[p] & 0xff, noise.nextDouble());
        }
        return Nd4j.create(z, new long[] {to - from, d}, DataType.FLOAT);
    }

    @Override
    public int dims() {
        return dims;
    }

    /**
     * The paper's fixed split, the same whatever the arguments: MNIST results are only comparable on it, so
     * {@code validFraction} and {@code seed} are ignored rather than honoured or rejected (a caller passing its
     * default fraction for every data spec should not fail).
     */
    @Override
    public Split split(double validFraction, long seed) {
        return split;
    }

    @Override
    public ExampleSource evaluation() {
        return evaluation;
    }

    @Override
    public String name() {
        return "mnist";
    }
}
