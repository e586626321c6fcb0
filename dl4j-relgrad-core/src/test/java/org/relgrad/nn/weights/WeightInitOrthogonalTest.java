package org.relgrad.nn.weights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightInitOrthogonalTest {

    static Stream<Arguments> sizesAndTypes() {
        return Stream.of(2, 16, 64, 200).flatMap(d -> Stream.of(
                Arguments.of(d, DataType.FLOAT), Arguments.of(d, DataType.DOUBLE)));
    }

    private static double tolerance(DataType t) {
        return t == DataType.FLOAT ? 1e-5 : 1e-12;
    }

    /** Element values of a [D, D] array read one by one (any order, any type, views included). */
    private static double[][] read(INDArray w) {
        int d = (int) w.rows();
        double[][] m = new double[d][(int) w.columns()];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < m[0].length; j++) {
                m[i][j] = w.getDouble(i, j);
            }
        }
        return m;
    }

    /** max |(WᵀW − I)_ij|, computed in plain Java doubles. */
    private static double orthogonalityError(double[][] w) {
        int n = w.length;
        double err = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += w[k][i] * w[k][j];
                }
                err = Math.max(err, Math.abs(s - (i == j ? 1 : 0)));
            }
        }
        return err;
    }

    /** The weights as stored in a flat parameter view, read in the given order. */
    private static double[][] fromFlat(double[] flat, int d, char order) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = order == 'f' ? flat[j * d + i] : flat[i * d + j];
            }
        }
        return m;
    }

    @ParameterizedTest(name = "D={0}, {1}")
    @MethodSource("sizesAndTypes")
    void initGivesOrthogonalWeightsInTheParameterView(int d, DataType type) {
        Nd4j.getRandom().setSeed(1234 + d);
        INDArray paramView = Nd4j.create(type, 1, (long) d * d);
        INDArray w = new WeightInitOrthogonal().init(d, d, new long[] {d, d}, 'f', paramView);

        assertArrayEquals(new long[] {d, d}, w.shape());
        assertEquals(type, w.dataType());
        double[][] wm = read(w);
        double err = orthogonalityError(wm);
        assertTrue(err <= tolerance(type), "W^T W - I = " + err + " for D=" + d + " " + type);

        // the parameters themselves were written (not a detached copy), in 'f' order
        double[][] stored = fromFlat(paramView.castTo(DataType.DOUBLE).data().asDouble(), d, 'f');
        for (int i = 0; i < d; i++) {
            assertArrayEquals(wm[i], stored[i], 0.0, "row " + i + " of the parameter view");
        }
        assertTrue(orthogonalityError(stored) <= tolerance(type));
    }

    @ParameterizedTest(name = "D={0}, {1}")
    @MethodSource("sizesAndTypes")
    void initWritesIntoAnOffsetViewOfALargerParameterVector(int d, DataType type) {
        // as DL4J hands it out: a slice of the flattened parameters, here rank 1 and with neighbours on both sides
        int pad = 5;
        INDArray all = Nd4j.valueArrayOf(new long[] {(long) d * d + 2 * pad}, 7.0, type);
        INDArray paramView = all.get(NDArrayIndex.interval(pad, pad + (long) d * d));
        Nd4j.getRandom().setSeed(99);
        new WeightInitOrthogonal().init(d, d, new long[] {d, d}, 'f', paramView);

        double[] flat = all.castTo(DataType.DOUBLE).toDoubleVector();
        for (int k = 0; k < pad; k++) {
            assertEquals(7.0, flat[k], 0.0, "parameter before the view was overwritten");
            assertEquals(7.0, flat[flat.length - 1 - k], 0.0, "parameter after the view was overwritten");
        }
        double[] inside = java.util.Arrays.copyOfRange(flat, pad, pad + d * d);
        double err = orthogonalityError(fromFlat(inside, d, 'f'));
        assertTrue(err <= tolerance(type), "W^T W - I = " + err + " for D=" + d + " " + type);
    }

    @Test
    void cOrderViewIsAlsoOrthogonal() {
        int d = 16;
        INDArray paramView = Nd4j.create(DataType.DOUBLE, 1, d * d);
        INDArray w = new WeightInitOrthogonal().init(d, d, new long[] {d, d}, 'c', paramView);
        assertTrue(orthogonalityError(read(w)) <= 1e-12);
        assertTrue(orthogonalityError(fromFlat(paramView.data().asDouble(), d, 'c')) <= 1e-12);
    }

    @Test
    void sameNd4jSeedGivesSameWeightsAndOtherSeedsDiffer() {
        int d = 16;
        INDArray a = Nd4j.create(DataType.DOUBLE, 1, d * d);
        INDArray b = Nd4j.create(DataType.DOUBLE, 1, d * d);
        INDArray c = Nd4j.create(DataType.DOUBLE, 1, d * d);
        WeightInitOrthogonal init = new WeightInitOrthogonal();
        Nd4j.getRandom().setSeed(42);
        init.init(d, d, new long[] {d, d}, 'f', a);
        Nd4j.getRandom().setSeed(42);
        init.init(d, d, new long[] {d, d}, 'f', b);
        Nd4j.getRandom().setSeed(43);
        init.init(d, d, new long[] {d, d}, 'f', c);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void nonSquareShapesAreRejected() {
        WeightInitOrthogonal init = new WeightInitOrthogonal();
        assertThrows(IllegalArgumentException.class,
                () -> init.init(3, 4, new long[] {3, 4}, 'f', Nd4j.create(DataType.FLOAT, 1, 12)));
        assertThrows(IllegalArgumentException.class,
                () -> init.init(4, 3, new long[] {4, 3}, 'f', Nd4j.create(DataType.DOUBLE, 1, 12)));
        assertThrows(IllegalArgumentException.class,
                () -> init.init(2, 2, new long[] {2, 2, 2}, 'f', Nd4j.create(DataType.DOUBLE, 1, 8)));
        assertThrows(IllegalArgumentException.class,
                () -> init.init(4, 4, new long[] {16}, 'f', Nd4j.create(DataType.DOUBLE, 1, 16)));
    }

    @Test
    void equalInstances() {
        assertEquals(new WeightInitOrthogonal(), new WeightInitOrthogonal());
        assertEquals(new WeightInitOrthogonal().hashCode(), new WeightInitOrthogonal().hashCode());
    }
}
