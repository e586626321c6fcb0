package org.relgrad.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.cpu.FusedPath;
import org.relgrad.cpu.HostMemory;

/**
 * Whole arrays to and from {@code double[]} in c order, for layers whose math runs in plain Java: on ND4J's CPU backend
 * one bulk copy of dense host memory (under 1 ns per element), elsewhere, or for strided views, through ND4J ops (a cast,
 * a c-order copy and a buffer read, about ten times slower).
 */
final class HostCopies {
    private HostCopies() {
    }

    private static boolean direct(INDArray a) {
        return FusedPath.enabled() && HostMemory.isDenseC(a) && a.length() < Integer.MAX_VALUE;
    }

    /** The elements of {@code a} in c order as doubles (a copy, whatever its type, order or view). */
    static double[] read(INDArray a) {
        if (direct(a)) {
            double[] out = new double[(int) a.length()];
            HostMemory.elements(a).read(0, out, out.length);
            return out;
        }
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** {@code values} (c order) into {@code target}, in the target's data type. */
    static void write(double[] values, INDArray target) {
        if (direct(target)) {
            HostMemory.elements(target).write(0, values, values.length);
            return;
        }
        INDArray v = Nd4j.createFromArray(values).reshape('c', target.shape());
        target.assign(target.dataType() == DataType.DOUBLE ? v : v.castTo(target.dataType()));
    }
}
