package org.relgrad.nn.layers;

import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.activations.InvertibleActivation;
import org.relgrad.linalg.LuFactors;
import org.relgrad.nn.math.InvertibleDenseMath;

/** {@link Bijection} of an {@link InvertibleDenseLayerImpl}: z = σ(xW + b) with W, b copied to double. */
final class DenseBijection implements Bijection {
    private final InvertibleDenseLayerImpl layer;
    private final INDArray w;
    private final INDArray b;
    private final InvertibleActivation act;
    private LuFactors lu;

    DenseBijection(InvertibleDenseLayerImpl layer) {
        this.layer = layer;
        // copies: castTo returns the array itself when it is double already, and the snapshot must not move with it
        this.w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY).castTo(DataType.DOUBLE).dup();
        this.b = layer.getParam(DefaultParamInitializer.BIAS_KEY).castTo(DataType.DOUBLE).dup();
        this.act = layer.layerConf().invertibleActivation();
    }

    // the snapshot's own W; a singular one is reported with the layer's name and iteration
    private LuFactors lu() {
        if (lu == null) {
            LuFactors f = InvertibleDenseMath.lu(w);
            if (f.isSingular()) {
                throw layer.singular("an exact zero or non-finite pivot in its LU factorisation");
            }
            lu = f;
        }
        return lu;
    }

    @Override
    public INDArray forward(INDArray x, INDArray logDet) {
        INDArray y = InvertibleDenseMath.preActivation(x, w, b, Nd4j.create(DataType.DOUBLE, x.rows(), w.columns()));
        if (logDet != null) {
            logDet.addi(InvertibleDenseMath.activationLogDet(act, y)).addi(lu().logAbsDet());
        }
        return act.applyInPlace(y);
    }

    @Override
    public INDArray inverse(INDArray z) {
        return InvertibleDenseMath.inverse(act, z, lu(), b);
    }
}
