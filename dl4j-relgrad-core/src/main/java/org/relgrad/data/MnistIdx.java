package org.relgrad.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the unsigned-byte IDX files of MNIST (big-endian header, then raw bytes). Compression is recognised by the
 * gzip signature rather than the file name, so a gzipped file saved without its {@code .gz} suffix still reads.
 * Header and length are checked against each other, because a truncated download otherwise shows up as images that
 * are silently black at the end.
 */
final class MnistIdx {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    private MnistIdx() {
    }

    /** {@code count} images of {@code rows × columns} pixels, row-major, one unsigned byte each. */
    record Images(int count, int rows, int columns, byte[] pixels) {
        int pixelsPerImage() {
            return rows * columns;
        }
    }

    /**
     * {@code dir/baseName}, or {@code dir/baseName.gz} when only that exists.
     *
     * @throws DataFormatException when neither exists
     */
    static Path locate(Path dir, String baseName) {
        Path raw = dir.resolve(baseName);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(baseName + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new DataFormatException(dir + ": MNIST file " + baseName + " (or " + baseName
                + ".gz) not found; scripts/fetch-mnist.sh downloads all four files");
    }

    /** @throws DataFormatException for a wrong magic number, an implausible header or a truncated or padded file */
    static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            checkMagic(magic, IMAGES_MAGIC, "images", file);
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int columns = readHeaderInt(in, file);
            if (count < 0 || rows <= 0 || columns <= 0
                    || (long) count * rows * columns > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file + ": implausible header: " + count + " images of " + rows + "x"
                        + columns + " pixels");
            }
            byte[] pixels = readBody(in, count * rows * columns, file);
            return new Images(count, rows, columns, pixels);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The labels of a labels file (one unsigned byte each), after checking its magic number and its length. */
    static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            checkMagic(magic, LABELS_MAGIC, "labels", file);
            int count = readHeaderInt(in, file);
            if (count < 0) {
                throw new DataFormatException(file + ": implausible header: " + count + " labels");
            }
            return readBody(in, count, file);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in);
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated: the file ends inside its IDX header", e);
        }
    }

    private static void checkMagic(int magic, int expected, String content, Path file) {
        if (magic != expected) {
            throw new DataFormatException(file + ": magic number " + magic + ", expected " + expected
                    + " (IDX file of MNIST " + content + ")");
        }
    }

    private static byte[] readBody(DataInputStream in, int length, Path file) throws IOException {
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        if (read < length) {
            throw new DataFormatException(file + ": truncated: the header announces " + length
                    + " bytes of data but the file holds " + read);
        }
        if (in.read() != -1) {
            throw new DataFormatException(file + ": longer than its header announces (" + length
                    + " bytes of data)");
        }
        return body;
    }
}
