package org.relgrad.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Built-in two-dimensional toy densities, generated from a seed (same name, size and seed → same points).
 *
 * <p>All are roughly centred and of scale O(1) (coordinates within about ±4), so they need no standardisation:
 * <ul>
 *   <li>{@code moons}: the two interleaved half circles of scikit-learn's {@code make_moons} (noise 0.1), centred and
 *       scaled by 2;</li>
 *   <li>{@code trimodal}: three equally weighted isotropic Gaussians (σ = 0.35) at the corners of an equilateral
 *       triangle of radius 2;</li>
 *   <li>{@code sine}: x uniform on [−π, π], y = sin(x)·1.5 plus Gaussian noise (σ = 0.15);</li>
 *   <li>{@code 8gaussians}: eight Gaussians (σ = 0.35) evenly spaced on a circle of radius 2.83;</li>
 *   <li>{@code checkerboard}: uniform on the black squares of a 4×4 board of unit squares on [−2, 2]²;</li>
 *   <li>{@code 2spirals}: two interleaved noisy Archimedean spirals;</li>
 *   <li>{@code rings}: four noisy concentric circles of radii 0.75, 1.5, 2.25 and 3.</li>
 * </ul>
 */
public final class ToyDatasets {

    /** The valid dataset names, in the order they are listed in messages and help. */
    public static final List<String> NAMES = List.of("moons", "trimodal", "sine", "8gaussians", "checkerboard",
            "2spirals", "rings");

    private ToyDatasets() {
    }

    /**
     * {@code n} points of the named dataset as a [n, 2] double matrix.
     *
     * @param name one of {@link #NAMES} (case-insensitive)
     * @param n    number of points, positive
     * @param seed seed of the generator
     * @throws IllegalArgumentException for an unknown name or a non-positive n
     */
    public static INDArray generate(String name, int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("Number of points must be positive, got " + n);
        }
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Random r = new Random(seed);
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            switch (key) {
                case "moons":
                    moons(r, xy, i);
                    break;
                case "trimodal":
                    circleMixture(r, xy, i, 3, 2.0, 0.35, Math.PI / 2);
                    break;
                case "sine":
                    sine(r, xy, i);
                    break;
                case "8gaussians":
                    circleMixture(r, xy, i, 8, 2.0 * Math.sqrt(2), 0.35, 0);
                    break;
                case "checkerboard":
                    checkerboard(r, xy, i);
                    break;
                case "2spirals":
                    spirals(r, xy, i);
                    break;
                case "rings":
                    rings(r, xy, i);
                    break;
                default:
                    throw new IllegalArgumentException("Unknown dataset \"" + name + "\"; valid names: "
                            + String.join(", ", NAMES));
            }
        }
        return Nd4j.create(xy, new long[] {n, 2}, DataType.DOUBLE);
    }

    /** Whether {@code name} is a valid dataset name (case-insensitive). */
    public static boolean isValid(String name) {
        return name != null && NAMES.contains(name.trim().toLowerCase(Locale.ROOT));
    }

    private static void moons(Random r, double[] xy, int i) {
        double t = Math.PI * r.nextDouble();
        double x;
        double y;
        if (r.nextBoolean()) {
            x = Math.cos(t);
            y = Math.sin(t);
        } else {
            x = 1 - Math.cos(t);
            y = 0.5 - Math.sin(t);
        }
        x += 0.1 * r.nextGaussian();
        y += 0.1 * r.nextGaussian();
        // make_moons spans x in [-1, 2], y in [-0.5, 1]: centre on the origin and double the scale
        xy[2 * i] = 2 * (x - 0.5);
        xy[2 * i + 1] = 2 * (y - 0.25);
    }

    private static void circleMixture(Random r, double[] xy, int i, int k, double radius, double sd, double phase) {
        double a = phase + 2 * Math.PI * r.nextInt(k) / k;
        xy[2 * i] = radius * Math.cos(a) + sd * r.nextGaussian();
        xy[2 * i + 1] = radius * Math.sin(a) + sd * r.nextGaussian();
    }

    private static void sine(Random r, double[] xy, int i) {
        double x = Math.PI * (2 * r.nextDouble() - 1);
        xy[2 * i] = x;
        xy[2 * i + 1] = 1.5 * Math.sin(x) + 0.15 * r.nextGaussian();
    }

    private static void checkerboard(Random r, double[] xy, int i) {
        double x = 4 * r.nextDouble() - 2;
        // y in one of the two unit squares of x's column that have the same colour
        double y = r.nextDouble() - 2 * r.nextInt(2) + Math.floorMod((int) Math.floor(x), 2);
        xy[2 * i] = x;
        xy[2 * i + 1] = y;
    }

    private static void spirals(Random r, double[] xy, int i) {
        // as in the FFJORD toy data: angle ∝ sqrt(u) (uniform along the arc), 1.5 turns, two mirrored arms
        double t = Math.sqrt(r.nextDouble()) * 3 * Math.PI;
        double x = -Math.cos(t) * t + 0.5 * r.nextDouble();
        double y = Math.sin(t) * t + 0.5 * r.nextDouble();
        double s = r.nextBoolean() ? 1 : -1;
        xy[2 * i] = s * x / 3 + 0.1 * r.nextGaussian();
        xy[2 * i + 1] = s * y / 3 + 0.1 * r.nextGaussian();
    }

    private static void rings(Random r, double[] xy, int i) {
        double radius = 0.75 * (1 + r.nextInt(4));
        double a = 2 * Math.PI * r.nextDouble();
        xy[2 * i] = radius * Math.cos(a) + 0.08 * r.nextGaussian();
        xy[2 * i + 1] = radius * Math.sin(a) + 0.08 * r.nextGaussian();
    }
}
