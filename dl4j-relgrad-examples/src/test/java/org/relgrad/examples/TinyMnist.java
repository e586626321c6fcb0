package org.relgrad.examples;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** IDX files of 4x4 "images" in the four MNIST names, image i labelled i mod 10, for command tests. */
public final class TinyMnist {
    /** The 16 pixel bytes (0-255) of one image with the given label. */
    @FunctionalInterface
    public interface Pixels {
        int[] of(int label, Random random);
    }

    /** Brightness varying from image to image with a fixed gradient across columns (every label alike). */
    public static final Pixels GRADIENT = (label, r) -> {
        int level = r.nextInt(200);
        int[] p = new int[16];
        for (int k = 0; k < 16; k++) {
            p[k] = Math.min(255, level + (k % 4) * 10 + r.nextInt(40));
        }
        return p;
    };

    private TinyMnist() {
    }

    public static Path write(Path dir, int train, int test, Pixels pixels) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(5);
        for (String[] f : new String[][] {{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "" + train},
            {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "" + test}}) {
            int n = Integer.parseInt(f[2]);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(f[0])))) {
                out.writeInt(2051);
                out.writeInt(n);
                out.writeInt(4);
                out.writeInt(4);
                for (int i = 0; i < n; i++) {
                    for (int v : pixels.of(i % 10, r)) {
                        out.writeByte(v);
                    }
                }
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(f[1])))) {
                out.writeInt(2049);
                out.writeInt(n);
                for (int i = 0; i < n; i++) {
                    out.writeByte(i % 10);
                }
            }
        }
        return dir;
    }
}
