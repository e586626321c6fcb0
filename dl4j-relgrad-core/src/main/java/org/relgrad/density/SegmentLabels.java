package org.relgrad.density;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The auxiliary variable u of a conditional flow as one-hot segment labels, from either of its accepted forms. */
public final class SegmentLabels {

    private SegmentLabels() {
    }

    /**
     * One-hot segment labels [B,S] from either one-hot rows or a column of integer segment indices [B,1].
     *
     * @throws IllegalArgumentException with the expected shapes when the labels fit neither
     */
    public static INDArray oneHot(INDArray labels, long batch, int segments) {
        if (labels == null) {
            throw new IllegalArgumentException("A conditional density needs the auxiliary variable u as labels: "
                    + "one-hot [batch, " + segments + "] or segment indices [batch, 1]; got none");
        }
        INDArray lab = labels.rank() == 1 ? labels.reshape(labels.length(), 1) : labels;
        if (lab.rank() != 2 || lab.rows() != batch || (lab.columns() != segments && lab.columns() != 1)) {
            throw new IllegalArgumentException("Labels u of shape " + java.util.Arrays.toString(labels.shape())
                    + " do not fit a conditional density with " + segments + " segments and batch " + batch
                    + ": expected one-hot [" + batch + ", " + segments + "] or indices [" + batch + ", 1]");
        }
        if (segments == 1) {
            return Nd4j.ones(labels.dataType(), batch, 1);
        }
        if (lab.columns() == segments) {
            return lab;
        }
        INDArray out = Nd4j.zeros(labels.dataType(), batch, segments);
        for (long b = 0; b < batch; b++) {
            double v = lab.getDouble(b, 0);
            int s = (int) v;
            if (s != v || s < 0 || s >= segments) {
                throw new IllegalArgumentException("Segment index " + v + " in row " + b + " is not an integer in [0, "
                        + segments + ")");
            }
            out.putScalar(b, s, 1.0);
        }
        return out;
    }
}
