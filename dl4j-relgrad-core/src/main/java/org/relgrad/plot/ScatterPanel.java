package org.relgrad.plot;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

/** 2-D points on a square panel with given bounds, e.g. a model's samples beside its density. */
public final class ScatterPanel {
    private ScatterPanel() {
    }

    /**
     * Points [N, 2] as dots on a {@code size}-pixel square showing {xMin, xMax, yMin, yMax} = {@code bounds} (as
     * {@code DensityPlot.bounds()} returns them), with {@code title} above; points outside the bounds are left out.
     */
    public static BufferedImage render(INDArray points, double[] bounds, int size, String title) {
        int top = 36;
        BufferedImage img = new BufferedImage(size + 20, size + top + 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ImageFiles.whiteCanvas(img);
        try {
            double[] v = points.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            g.setColor(new Color(0x1F, 0x3A, 0x93, 90));
            double r = Math.max(1.2, size / 350.0);
            for (int i = 0; i + 1 < v.length; i += 2) {
                double px = 10 + (v[i] - bounds[0]) / (bounds[1] - bounds[0]) * size;
                double py = top + (bounds[3] - v[i + 1]) / (bounds[3] - bounds[2]) * size;
                if (px >= 10 && px <= 10 + size && py >= top && py <= top + size) {
                    g.fill(new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r));
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(10, top, size, size);
            ImageFiles.drawText(g, () -> {
                g.setColor(Color.BLACK);
                g.setFont(ImageFiles.font(Font.BOLD, 16));
                g.drawString(title, 12, 24);
            });
        } finally {
            g.dispose();
        }
        return img;
    }
}
