package org.relgrad.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Tiny synthetic IDX files in the MNIST layout, for the reader and data-source tests. */
final class MnistTestFiles {
    private MnistTestFiles() {
    }

    /** Pixel {@code k} of image {@code i}: varied, covering 0 and 255, and recomputable by the tests. */
    static int pixel(int image, int k) {
        return (image * 37 + k * 101) % 256;
    }

    static byte[] images(int count, int rows, int columns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MnistIdx.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(columns);
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < rows * columns; k++) {
                    out.writeByte(pixel(i, k));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MnistIdx.LABELS_MAGIC);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(i % 10);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content, boolean gzip) {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A directory with all four files; training files gzipped (".gz" names), test files raw. */
    static Path directory(Path dir, int trainCount, int testCount, int rows, int columns) {
        write(dir.resolve(MnistDataSource.TRAIN_IMAGES + ".gz"), images(trainCount, rows, columns), true);
        write(dir.resolve(MnistDataSource.TRAIN_LABELS + ".gz"), labels(trainCount), true);
        write(dir.resolve(MnistDataSource.TEST_IMAGES), images(testCount, rows, columns), false);
        write(dir.resolve(MnistDataSource.TEST_LABELS), labels(testCount), false);
        return dir;
    }
}
