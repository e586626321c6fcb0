package org.relgrad.plot;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.flow.Flow;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * PNG heat map of the density exp(log p(x)) of a trained two-dimensional flow over a rectangular grid, in a
 * viridis-like colour map (linear in p, from 0 to the grid maximum), optionally with data points overlaid and a title.
 *
 * <p>Pure Java2D, headless. The file is written to a temporary file in the target directory and then moved into place
 * atomically where the file system allows it, so a reader never sees a half-written image ({@link ImageFiles}).
 *
 * <pre>{@code
 * new DensityPlot(flow).boundsFrom(train, 0.1).points(train).title("moons").write(Path.of("moons.png"));
 * }</pre>
 */
public final class DensityPlot {
    static {
        ensureHeadless();
    }

    /** Anchor colours of matplotlib's viridis at 0, 1/8, …, 1; intermediate values are interpolated linearly. */
    private static final int[] VIRIDIS = {
        0x440154, 0x46327E, 0x365C8D, 0x277F8E, 0x1FA187, 0x4AC16D, 0x9FDA3A, 0xD7E219, 0xFDE725
    };

    private static final int BATCH = 8192;

    private final Flow flow;
    private double xMin = -4;
    private double xMax = 4;
    private double yMin = -4;
    private double yMax = 4;
    private int grid = 200;
    private int size = 600;
    private INDArray points;
    private int maxPoints = 1500;
    private String title;

    /** A plot of {@code flow}'s density, which must be two-dimensional. */
    public DensityPlot(Flow flow) {
        this.flow = Objects.requireNonNull(flow, "flow");
        if (flow.dims() != 2) {
            throw new IllegalArgumentException("A density plot needs a 2-D flow, this one has " + flow.dims()
                    + " dimensions");
        }
    }

    /** Sets {@code java.awt.headless=true} unless the property was set explicitly; call before any AWT use. */
    public static void ensureHeadless() {
        ImageFiles.ensureHeadless();
    }

    /** The plotted rectangle [xMin, xMax] × [yMin, yMax] (default [−4, 4]²). */
    public DensityPlot bounds(double xMin, double xMax, double yMin, double yMax) {
        if (!(xMin < xMax && yMin < yMax) || !Double.isFinite(xMax - xMin) || !Double.isFinite(yMax - yMin)) {
            throw new IllegalArgumentException("Bounds need xMin < xMax and yMin < yMax, finite; got [" + xMin + ", "
                    + xMax + "] x [" + yMin + ", " + yMax + "]");
        }
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
        return this;
    }

    /**
     * A square rectangle around {@code data} [N, 2]: its bounding box, widened by {@code pad} times its larger side on
     * every side, and made square so that the plot is not distorted.
     */
    /** The plotted region {xMin, xMax, yMin, yMax}. */
    public double[] bounds() {
        return new double[] {xMin, xMax, yMin, yMax};
    }

    public DensityPlot boundsFrom(INDArray data, double pad) {
        checkPoints(data);
        INDArray d = data.castTo(DataType.DOUBLE);
        INDArray lo = d.min(0);
        INDArray hi = d.max(0);
        double cx = (lo.getDouble(0) + hi.getDouble(0)) / 2;
        double cy = (lo.getDouble(1) + hi.getDouble(1)) / 2;
        double half = Math.max(hi.getDouble(0) - lo.getDouble(0), hi.getDouble(1) - lo.getDouble(1)) / 2;
        half = Math.max(half, 1e-3) * (1 + 2 * Math.max(pad, 0));
        return bounds(cx - half, cx + half, cy - half, cy + half);
    }

    /** Number of grid cells per side at which log p is evaluated (default 200). */
    public DensityPlot grid(int cells) {
        if (cells < 2) {
            throw new IllegalArgumentException("Grid needs at least 2 cells per side, got " + cells);
        }
        this.grid = cells;
        return this;
    }

    /** Side of the square heat map in pixels (default 600); the title and colour bar add a margin. */
    public DensityPlot size(int pixels) {
        if (pixels < 50) {
            throw new IllegalArgumentException("Image size must be at least 50 pixels, got " + pixels);
        }
        this.size = pixels;
        return this;
    }

    /** Points [N, 2] drawn as small dots over the density; at most {@link #maxPoints(int)}, chosen at random. */
    public DensityPlot points(INDArray points) {
        if (points != null) {
            checkPoints(points);
        }
        this.points = points;
        return this;
    }

    /** Most points drawn (default 1500); a random subset is drawn if there are more. */
    public DensityPlot maxPoints(int max) {
        this.maxPoints = Math.max(0, max);
        return this;
    }

    /** Title written above the heat map; null for none. */
    public DensityPlot title(String title) {
        this.title = title;
        return this;
    }

    /** The density exp(log p) on the grid, [grid, grid] with row 0 at yMin and column 0 at xMin (cell centres). */
    public double[][] evaluate() {
        int total = grid * grid;
        double[] xy = new double[2 * total];
        for (int row = 0; row < grid; row++) {
            double y = yMin + (row + 0.5) * (yMax - yMin) / grid;
            for (int col = 0; col < grid; col++) {
                int k = row * grid + col;
                xy[2 * k] = xMin + (col + 0.5) * (xMax - xMin) / grid;
                xy[2 * k + 1] = y;
            }
        }
        double[][] p = new double[grid][grid];
        for (int start = 0; start < total; start += BATCH) {
            int end = Math.min(total, start + BATCH);
            double[] chunk = java.util.Arrays.copyOfRange(xy, 2 * start, 2 * end);
            INDArray lp = flow.logProb(Nd4j.create(chunk, new long[] {end - start, 2}, DataType.DOUBLE));
            double[] v = lp.data().asDouble();
            for (int k = start; k < end; k++) {
                double e = Math.exp(v[k - start]);
                p[k / grid][k % grid] = Double.isFinite(e) ? e : 0;
            }
        }
        return p;
    }

    /** Renders the plot and writes it as a PNG to {@code out} (parent directories are created); returns {@code out}. */
    public Path write(Path out) throws IOException {
        return ImageFiles.writePng(render(), out);
    }

    /** Renders the plot into an image (heat map, points, title, colour bar). */
    public BufferedImage render() {
        double[][] p = evaluate();
        double max = 0;
        for (double[] row : p) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        BufferedImage heat = new BufferedImage(grid, grid, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                // image row 0 is the top, i.e. yMax
                heat.setRGB(col, grid - 1 - row, colour(max > 0 ? p[row][col] / max : 0));
            }
        }

        int top = title == null || title.isEmpty() ? 10 : 36;
        int left = 10;
        int barGap = 14;
        int barWidth = 16;
        int right = barGap + barWidth + 74;
        int bottom = 10;
        BufferedImage img = new BufferedImage(left + size + right, top + size + bottom, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ImageFiles.whiteCanvas(img);
        try {
            g.drawImage(heat, left, top, size, size, null);
            drawPoints(g, left, top);
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left, top, size, size);

            // colour bar, bottom = 0, top = max density on the grid
            int bx = left + size + barGap;
            for (int yy = 0; yy < size; yy++) {
                g.setColor(new Color(colour(1.0 - yy / (double) (size - 1))));
                g.fillRect(bx, top + yy, barWidth, 1);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(bx, top, barWidth, size);
            drawText(g, bx, top, barWidth, max);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void drawPoints(Graphics2D g, int left, int top) {
        if (points == null || maxPoints == 0) {
            return;
        }
        double[] v = points.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int n = v.length / 2;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n > maxPoints) {
            Random r = new Random(0);
            for (int i = 0; i < maxPoints; i++) {
                int j = i + r.nextInt(n - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            n = maxPoints;
        }
        g.setColor(new Color(255, 255, 255, 150));
        double rad = Math.max(1.0, size / 400.0);
        for (int i = 0; i < n; i++) {
            double x = v[2 * idx[i]];
            double y = v[2 * idx[i] + 1];
            if (x < xMin || x > xMax || y < yMin || y > yMax) {
                continue;
            }
            double px = left + (x - xMin) / (xMax - xMin) * size;
            double py = top + (yMax - y) / (yMax - yMin) * size;
            g.fill(new Ellipse2D.Double(px - rad, py - rad, 2 * rad, 2 * rad));
        }
    }

    private void drawText(Graphics2D g, int bx, int top, int barWidth, double max) {
        ImageFiles.drawText(g, () -> {
            g.setColor(Color.BLACK);
            if (title != null && !title.isEmpty()) {
                g.setFont(ImageFiles.font(Font.BOLD, 16));
                FontMetrics fm = g.getFontMetrics();
                int w = fm.stringWidth(title);
                g.drawString(title, Math.max(4, 10 + (size - w) / 2), 10 + fm.getAscent());
            }
            g.setFont(ImageFiles.font(Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(String.format(Locale.ROOT, "%.3g", max), bx + barWidth + 4, top + fm.getAscent());
            g.drawString("0", bx + barWidth + 4, top + size);
            g.drawString("p(x)", bx + barWidth + 4, top + size / 2 + fm.getAscent() / 2);
            String range = String.format(Locale.ROOT, "x [%.2g, %.2g]  y [%.2g, %.2g]", xMin, xMax, yMin, yMax);
            g.setColor(new Color(255, 255, 255, 200));
            g.drawString(range, 10 + 4, top + size - 4);
        });
    }

    /** RGB of the colour map at {@code t} in [0, 1] (clamped). */
    static int colour(double t) {
        if (!(t > 0)) {
            t = 0;
        } else if (t > 1) {
            t = 1;
        }
        double s = t * (VIRIDIS.length - 1);
        int i = Math.min((int) s, VIRIDIS.length - 2);
        double f = s - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
        int gr = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
        int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
        return (r << 16) | (gr << 8) | bl;
    }

    private static void checkPoints(INDArray data) {
        if (data == null || data.rank() != 2 || data.columns() != 2 || data.rows() == 0) {
            throw new IllegalArgumentException("Expected points of shape [N, 2], got "
                    + (data == null ? "null" : java.util.Arrays.toString(data.shape())));
        }
    }
}
