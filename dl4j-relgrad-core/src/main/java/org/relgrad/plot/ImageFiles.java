package org.relgrad.plot;

import org.relgrad.io.AtomicFiles;
import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the example plots share: headless Java2D set-up, a white anti-aliased canvas, text that degrades gracefully
 * in a JVM without fonts, and atomic PNG writes.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** Sets {@code java.awt.headless=true} unless the property was set explicitly; call before any AWT use. */
    public static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** A graphics context on {@code img}, filled white, with anti-aliasing and bilinear interpolation on. */
    public static Graphics2D whiteCanvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    /** The plots' sans-serif font. */
    public static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    /**
     * Runs {@code text} (drawing that needs fonts) with text anti-aliasing on. A JVM without usable fonts (e.g. a
     * stripped-down container) must still produce the image: failures are swallowed and the text left out.
     *
     * @return whether the text was drawn
     */
    public static boolean drawText(Graphics2D g, Runnable text) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            text.run();
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Writes {@code img} as a PNG to {@code out}, creating parent directories. The image goes to a temporary file in
     * the target directory first and is then moved into place (see {@link AtomicFiles}). Returns {@code out}.
     */
    public static Path writePng(BufferedImage img, Path out) throws IOException {
        return AtomicFiles.write(out, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("No PNG writer available in this JVM");
            }
        });
    }
}
