package org.relgrad.examples.lab.bench;

import org.relgrad.plot.ImageFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Log-log PNG of the benchmark: median time per training step (ms) against D, one line with markers per method,
 * min–max whiskers, a legend and axis labels. Plain Java2D, headless; written atomically ({@link ImageFiles}).
 */
final class BenchPlot {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 640;
    private static final int LEFT = 90;
    private static final int RIGHT = 190;
    private static final int TOP = 56;
    private static final int BOTTOM = 70;

    /** Fixed colours per method so that plots of different runs compare at a glance. */
    private static final Map<String, Color> COLOURS = Map.of(
            "relative", new Color(0x1F77B4),
            "ordinary", new Color(0xFF7F0E),
            "autodiff", new Color(0xD62728),
            "floor", new Color(0x444444),
            "dl4j-dense", new Color(0x2CA02C));
    private static final Color[] OTHER = {new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2)};

    private final Map<String, List<BenchResult>> series = new LinkedHashMap<>();
    private final String title;

    BenchPlot(List<BenchResult> results, String title) {
        for (BenchResult r : results) {
            if (r.medianMs() > 0 && r.minMs() > 0 && Double.isFinite(r.maxMs())) {
                series.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
            }
        }
        series.values().forEach(l -> l.sort(Comparator.comparingInt(BenchResult::d)));
        this.title = title;
    }

    Path write(Path out) throws IOException {
        return ImageFiles.writePng(render(), out);
    }

    BufferedImage render() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ImageFiles.whiteCanvas(img);
        try {
            draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void draw(Graphics2D g) {
        int pw = WIDTH - LEFT - RIGHT;
        int ph = HEIGHT - TOP - BOTTOM;
        TreeSet<Integer> dims = new TreeSet<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<BenchResult> l : series.values()) {
            for (BenchResult r : l) {
                dims.add(r.d());
                lo = Math.min(lo, r.minMs());
                hi = Math.max(hi, r.maxMs());
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT, TOP, pw, ph);
        if (dims.isEmpty()) {
            ImageFiles.drawText(g, () -> {
                drawTitle(g);
                g.drawString("no results", LEFT + pw / 2 - 30, TOP + ph / 2);
            });
            return;
        }
        double x0 = Math.log10(dims.first()) - 0.15;
        double x1 = Math.log10(dims.last()) + 0.15;
        if (x1 - x0 < 0.6) {
            double mid = (x0 + x1) / 2;
            x0 = mid - 0.3;
            x1 = mid + 0.3;
        }
        double y0 = Math.floor(Math.log10(lo));
        double y1 = Math.ceil(Math.log10(hi));
        if (y1 - y0 < 1) {
            y1 = y0 + 1;
        }
        Axis ax = new Axis(x0, x1, LEFT, LEFT + pw);
        Axis ay = new Axis(y0, y1, TOP + ph, TOP);

        // grid: decades solid, 2 and 5 dashed; one vertical line per measured D
        Stroke dashed = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f},
                0f);
        List<double[]> yTicks = new ArrayList<>();
        for (int e = (int) y0; e <= (int) y1; e++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, e);
                double lv = Math.log10(v);
                if (lv < y0 - 1e-9 || lv > y1 + 1e-9) {
                    continue;
                }
                double py = ay.px(lv);
                g.setColor(m == 1 ? new Color(0xDDDDDD) : new Color(0xEEEEEE));
                g.setStroke(m == 1 ? new BasicStroke(1f) : dashed);
                g.draw(new Line2D.Double(LEFT, py, LEFT + pw, py));
                if (m == 1 || y1 - y0 <= 3) {
                    yTicks.add(new double[] {v, py});
                }
            }
        }
        g.setColor(new Color(0xE6E6E6));
        g.setStroke(new BasicStroke(1f));
        for (int d : dims) {
            double px = ax.px(Math.log10(d));
            g.draw(new Line2D.Double(px, TOP, px, TOP + ph));
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, pw, ph);

        // series
        int i = 0;
        List<Color> colours = new ArrayList<>();
        for (Map.Entry<String, List<BenchResult>> e : series.entrySet()) {
            Color c = COLOURS.getOrDefault(e.getKey(), OTHER[i % OTHER.length]);
            colours.add(c);
            boolean floor = e.getKey().equals("floor");
            g.setColor(c);
            g.setStroke(floor ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {7f, 4f}, 0f) : new BasicStroke(2f));
            Path2D.Double line = new Path2D.Double();
            boolean first = true;
            for (BenchResult r : e.getValue()) {
                double px = ax.px(Math.log10(r.d()));
                double py = ay.px(Math.log10(r.medianMs()));
                if (first) {
                    line.moveTo(px, py);
                    first = false;
                } else {
                    line.lineTo(px, py);
                }
            }
            g.draw(line);
            g.setStroke(new BasicStroke(1f));
            for (BenchResult r : e.getValue()) {
                double px = ax.px(Math.log10(r.d()));
                double pMin = ay.px(Math.log10(r.minMs()));
                double pMax = ay.px(Math.log10(r.maxMs()));
                g.draw(new Line2D.Double(px, pMin, px, pMax));
                g.draw(new Line2D.Double(px - 3, pMin, px + 3, pMin));
                g.draw(new Line2D.Double(px - 3, pMax, px + 3, pMax));
                g.fill(marker(i, px, ay.px(Math.log10(r.medianMs())), 4.5));
            }
            i++;
        }

        ImageFiles.drawText(g, () -> {
            drawTitle(g);
            g.setColor(Color.BLACK);
            g.setFont(ImageFiles.font(Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int d : dims) {
                String s = Integer.toString(d);
                double px = ax.px(Math.log10(d));
                g.drawString(s, (float) (px - fm.stringWidth(s) / 2.0), TOP + ph + 6 + fm.getAscent());
            }
            for (double[] t : yTicks) {
                String s = tickLabel(t[0]);
                g.drawString(s, LEFT - 8 - fm.stringWidth(s), (float) (t[1] + fm.getAscent() / 2.0 - 1));
            }
            g.setFont(ImageFiles.font(Font.PLAIN, 14));
            fm = g.getFontMetrics();
            String xl = "D (width of every layer, log scale)";
            g.drawString(xl, LEFT + (pw - fm.stringWidth(xl)) / 2, HEIGHT - 22);
            String yl = "time per training step, ms (log scale)";
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yl, -(TOP + (ph + fm.stringWidth(yl)) / 2), 24);
            g.setTransform(saved);

            // legend
            g.setFont(ImageFiles.font(Font.PLAIN, 13));
            fm = g.getFontMetrics();
            int lx = LEFT + pw + 18;
            int ly = TOP + 10;
            int row = 22;
            g.setColor(Color.WHITE);
            g.fillRect(lx - 8, ly - 6, RIGHT - 26, row * series.size() + 28);
            g.setColor(Color.GRAY);
            g.drawRect(lx - 8, ly - 6, RIGHT - 26, row * series.size() + 28);
            int j = 0;
            for (String name : series.keySet()) {
                int cy = ly + 8 + j * row;
                g.setColor(colours.get(j));
                g.setStroke(name.equals("floor") ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
                        10f, new float[] {7f, 4f}, 0f) : new BasicStroke(2f));
                g.draw(new Line2D.Double(lx, cy, lx + 30, cy));
                g.fill(marker(j, lx + 15, cy, 4.5));
                g.setColor(Color.BLACK);
                g.drawString(name, lx + 40, cy + fm.getAscent() / 2 - 1);
                j++;
            }
            g.setFont(ImageFiles.font(Font.ITALIC, 11));
            g.setColor(Color.DARK_GRAY);
            g.drawString("median; whiskers min-max", lx, ly + 8 + j * row);
        });
    }

    private void drawTitle(Graphics2D g) {
        if (title == null || title.isEmpty()) {
            return;
        }
        g.setColor(Color.BLACK);
        g.setFont(ImageFiles.font(Font.BOLD, 16));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, Math.max(6, (WIDTH - fm.stringWidth(title)) / 2), 14 + fm.getAscent());
    }

    static String tickLabel(double v) {
        if (v >= 1e5 || v < 1e-3) {
            return String.format(Locale.ROOT, "%.0e", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%s", new java.math.BigDecimal(v).round(new java.math.MathContext(1))
                .stripTrailingZeros().toPlainString());
    }

    /** Marker shapes by series index: circle, square, triangle, diamond, inverted triangle. */
    private static Shape marker(int index, double x, double y, double r) {
        switch (index % 5) {
            case 0:
                return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            case 1:
                return new Rectangle2D.Double(x - r, y - r, 2 * r, 2 * r);
            case 2:
                return polygon(new double[] {x, x + r * 1.15, x - r * 1.15}, new double[] {y - r * 1.2, y + r, y + r});
            case 3:
                return polygon(new double[] {x, x + r * 1.3, x, x - r * 1.3}, new double[] {y - r * 1.3, y, y + r * 1.3,
                    y});
            default:
                return polygon(new double[] {x, x + r * 1.15, x - r * 1.15}, new double[] {y + r * 1.2, y - r, y - r});
        }
    }

    private static Shape polygon(double[] xs, double[] ys) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        return p;
    }

    /** Linear map from a (log10) data interval to a pixel interval. */
    private record Axis(double v0, double v1, double p0, double p1) {
        double px(double v) {
            return p0 + (v - v0) / (v1 - v0) * (p1 - p0);
        }
    }
}
