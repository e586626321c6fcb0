package org.relgrad.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistIdxTest {
    @TempDir
    Path dir;

    private void assertFails(Path file, boolean images, String... fragments) {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> {
                    if (images) {
                        MnistIdx.readImages(file);
                    } else {
                        MnistIdx.readLabels(file);
                    }
                });
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesRawOrGzipped(boolean gzip) {
        Path file = MnistTestFiles.write(dir.resolve("imgs"), MnistTestFiles.images(3, 2, 4), gzip);
        MnistIdx.Images images = MnistIdx.readImages(file);
        assertEquals(3, images.count());
        assertEquals(2, images.rows());
        assertEquals(4, images.columns());
        assertEquals(8, images.pixelsPerImage());
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 8; k++) {
                assertEquals(MnistTestFiles.pixel(i, k), images.pixels()[i * 8 + k] & 0xff);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsLabels(boolean gzip) {
        byte[] labels = MnistIdx.readLabels(MnistTestFiles.write(dir.resolve("l"), MnistTestFiles.labels(7), gzip));
        assertEquals(7, labels.length);
        for (int i = 0; i < 7; i++) {
            assertEquals(i % 10, labels[i]);
        }
    }

    @Test
    void locatePrefersTheRawFileAndFallsBackToGz() {
        MnistTestFiles.write(dir.resolve("a.gz"), MnistTestFiles.labels(1), true);
        assertEquals(dir.resolve("a.gz"), MnistIdx.locate(dir, "a"));
        MnistTestFiles.write(dir.resolve("a"), MnistTestFiles.labels(1), false);
        assertEquals(dir.resolve("a"), MnistIdx.locate(dir, "a"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> MnistIdx.locate(dir, "b"));
        assertTrue(e.getMessage().contains("b (or b.gz) not found"), e.getMessage());
        assertTrue(e.getMessage().contains("fetch-mnist.sh"), e.getMessage());
    }

    @Test
    void wrongMagicNumbersAreRejected() {
        Path labelsAsImages = MnistTestFiles.write(dir.resolve("labels-as-images"), MnistTestFiles.labels(2), false);
        assertFails(labelsAsImages, true, "magic number 2049, expected 2051");
        Path imagesAsLabels = MnistTestFiles.write(dir.resolve("images-as-labels"), MnistTestFiles.images(2, 2, 2),
                true);
        assertFails(imagesAsLabels, false, "magic number 2051, expected 2049");
    }

    @Test
    void truncatedFilesAreRejected() {
        byte[] full = MnistTestFiles.images(3, 2, 2);
        assertFails(MnistTestFiles.write(dir.resolve("short-body"), Arrays.copyOf(full, full.length - 1), false),
                true, "truncated", "12 bytes", "holds 11");
        assertFails(MnistTestFiles.write(dir.resolve("short-body.gz"), Arrays.copyOf(full, full.length - 5), true),
                true, "truncated");
        assertFails(MnistTestFiles.write(dir.resolve("short-header"), Arrays.copyOf(full, 10), false), true,
                "truncated", "header");
        byte[] labels = MnistTestFiles.labels(4);
        assertFails(MnistTestFiles.write(dir.resolve("short-labels"), Arrays.copyOf(labels, labels.length - 2),
                false), false, "truncated", "holds 2");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] full = MnistTestFiles.images(1, 2, 2);
        assertFails(MnistTestFiles.write(dir.resolve("padded"), Arrays.copyOf(full, full.length + 3), false), true,
                "longer than its header");
    }

    @Test
    void implausibleHeaderIsRejected() {
        byte[] header = MnistTestFiles.images(0, 1, 1);
        header[11] = 0; // rows = 0
        assertFails(MnistTestFiles.write(dir.resolve("zero-rows"), header, false), true, "implausible header");
    }
}
