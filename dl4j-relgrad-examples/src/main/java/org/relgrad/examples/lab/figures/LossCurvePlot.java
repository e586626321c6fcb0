package org.relgrad.examples.lab.figures;

import org.relgrad.plot.ImageFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** Loss against iteration for several runs of several methods: one colour per method, one thin line per run. */
final class LossCurvePlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLOURS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C)};

    private LossCurvePlot() {
    }

    /**
     * {@code curves[method][run][iteration]}; NaN ends a line. The y range spans the finite values up to the highest
     * starting loss: a run that blows up leaves the plot at the top instead of squashing every other curve.
     */
    static BufferedImage render(String title, List<String> methods, double[][][] curves, String yLabel) {
        double[][][] xs = new double[curves.length][][];
        for (int m = 0; m < curves.length; m++) {
            xs[m] = new double[curves[m].length][];
            for (int r = 0; r < curves[m].length; r++) {
                xs[m][r] = new double[curves[m][r].length];
                for (int i = 0; i < xs[m][r].length; i++) {
                    xs[m][r][i] = i;
                }
            }
        }
        return render(title, methods, xs, curves, "iteration (full-batch gradient descent)", yLabel);
    }

    /** The same with x values of their own, {@code xs[method][run][point]} (e.g. seconds), increasing per run. */
    static BufferedImage render(String title, List<String> methods, double[][][] xs, double[][][] curves,
            String xLabel, String yLabel) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double xMax = 0;
        for (int m = 0; m < curves.length; m++) {
            for (int r = 0; r < curves[m].length; r++) {
                double[] run = curves[m][r];
                xMax = Math.max(xMax, xs[m][r][run.length - 1]);
                if (Double.isFinite(run[0])) {
                    hi = Math.max(hi, run[0]);
                }
                for (double v : run) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                    }
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double pad = 0.03 * (hi - lo);
        double yMin = lo - pad;
        double yMax = hi + pad;
        int w = WIDTH - LEFT - RIGHT;
        int h = HEIGHT - TOP - BOTTOM;
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ImageFiles.whiteCanvas(img);
        try {
            g.setColor(new Color(0xDDDDDD));
            for (int t = 0; t <= 5; t++) {
                int y = TOP + h - t * h / 5;
                g.drawLine(LEFT, y, LEFT + w, y);
            }
            g.setStroke(new BasicStroke(1.3f));
            g.setClip(LEFT, TOP, w, h);
            for (int m = 0; m < curves.length; m++) {
                g.setColor(new Color(COLOURS[m % COLOURS.length].getRGB() & 0xFFFFFF | 0xB0000000, true));
                for (int r = 0; r < curves[m].length; r++) {
                    double[] run = curves[m][r];
                    Path2D.Double path = new Path2D.Double();
                    boolean started = false;
                    for (int i = 0; i < run.length && Double.isFinite(run[i]); i++) {
                        double x = LEFT + xs[m][r][i] / Math.max(1e-12, xMax) * w;
                        double y = TOP + (yMax - run[i]) / (yMax - yMin) * h;
                        if (started) {
                            path.lineTo(x, y);
                        } else {
                            path.moveTo(x, y);
                            started = true;
                        }
                    }
                    g.draw(path);
                }
            }
            g.setClip(null);
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(LEFT, TOP, w, h);
            double yLo = yMin;
            double yHi = yMax;
            double xHi = xMax;
            ImageFiles.drawText(g, () -> {
                g.setFont(ImageFiles.font(Font.BOLD, 16));
                g.setColor(Color.BLACK);
                g.drawString(title, LEFT, 30);
                g.setFont(ImageFiles.font(Font.PLAIN, 12));
                FontMetrics fm = g.getFontMetrics();
                for (int t = 0; t <= 5; t++) {
                    String s = String.format(Locale.ROOT, "%.2f", yLo + t * (yHi - yLo) / 5);
                    g.drawString(s, LEFT - 8 - fm.stringWidth(s), TOP + h - t * h / 5 + fm.getAscent() / 2);
                }
                for (int t = 0; t <= 4; t++) {
                    String s = String.format(Locale.ROOT, xHi >= 20 ? "%.0f" : "%.1f", t * xHi / 4);
                    g.drawString(s, LEFT + t * w / 4 - fm.stringWidth(s) / 2, TOP + h + 18);
                }
                g.drawString(xLabel, LEFT + w / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 15);
                g.drawString(yLabel, 8, TOP - 10);
                for (int m = 0; m < methods.size(); m++) {
                    int x = LEFT + w - 290;
                    int y = TOP + 20 + 20 * m;
                    g.setColor(COLOURS[m % COLOURS.length]);
                    g.fillRect(x, y - 8, 24, 4);
                    g.setColor(Color.BLACK);
                    g.drawString(methods.get(m), x + 30, y);
                }
            });
        } finally {
            g.dispose();
        }
        return img;
    }
}
