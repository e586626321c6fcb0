package org.relgrad.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Cheap (one reduction) finiteness checks, with a precise location only on the failure path. */
public final class FiniteChecks {
    private FiniteChecks() {
    }

    /** True if every entry is finite (one reduction; see the comment for the rare false alarm). */
    public static boolean allFinite(INDArray a) {
        // a sum of finite values can only overflow for |values| ~ 1e308 (double) or 1e38 (float); then it reports a
        // false alarm, and the element scan below finds nothing and reports the overflow as such.
        return Double.isFinite(a.sumNumber().doubleValue());
    }

    /** "row r, column c = NaN" for the first non-finite entry of a matrix, or a note that none was found. */
    static String firstNonFinite(INDArray a) {
        INDArray m = a.rank() == 2 ? a : a.reshape(1, a.length());
        for (long r = 0; r < m.rows(); r++) {
            for (long c = 0; c < m.columns(); c++) {
                double v = m.getDouble(r, c);
                if (!Double.isFinite(v)) {
                    return "row " + r + ", column " + c + " = " + v;
                }
            }
        }
        return "no single non-finite entry, but the sum overflows (values too large)";
    }
}
