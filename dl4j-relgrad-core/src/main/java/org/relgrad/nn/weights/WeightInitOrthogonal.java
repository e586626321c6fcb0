package org.relgrad.nn.weights;

import lombok.EqualsAndHashCode;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.linalg.HostLapack;

import java.util.Random;

/**
 * Random orthogonal weights (Haar measure, via LAPACK QR), so every flow layer starts with log|det W| = 0.
 *
 * <p>Replaces DL4J 1.0.0-M2.1's OrthogonalDistribution, which crashes the JVM in float for D ≥ 16 and is not
 * orthogonal in double. The random stream is seeded from ND4J's generator, which DL4J seeds from the network seed, so
 * a network seed gives reproducible weights. Square shapes only.
 */
@EqualsAndHashCode
public class WeightInitOrthogonal implements IWeightInit {

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        if (shape.length != 2 || shape[0] != shape[1]) {
            throw new IllegalArgumentException("Orthogonal init needs a square weight matrix, got "
                    + java.util.Arrays.toString(shape));
        }
        int n = (int) shape[0];
        Random rng = new Random(Nd4j.getRandom().nextLong());
        double[] q = HostLapack.randomOrthogonal(n, rng);
        INDArray w = Nd4j.create(q, new long[] {n, n}, 'f').castTo(paramView.dataType());
        INDArray view = paramView.reshape(order, shape);
        view.assign(w);
        return view;
    }
}
