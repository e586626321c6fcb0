package org.relgrad.flow;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.nn.layers.Bijection;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Per-example scores of a flow frozen at its parameters when the scorer was made: log p, the latents and each layer's
 * log-det term. Made by {@link Flow#scorer()} for scoring inside a service: it holds double copies of the parameters
 * and their factorisations, never touches the network again (training may go on), and {@link #score} may be called
 * from many threads at once.
 */
public final class FlowScorer {
    private final List<Bijection> layers;
    private final BiFunction<INDArray, INDArray, INDArray> baseLogProb;
    private final UnaryOperator<INDArray> input;
    private final int dims;

    /** Per-example results of one batch, all double: logp [B], latents [B, D], layerLogDets [B, L]. */
    public record Scores(INDArray logp, INDArray latents, INDArray layerLogDets) {
        /** −log p, higher for rarer rows: the anomaly score. */
        public INDArray anomalyScore() {
            return logp.neg();
        }
    }

    FlowScorer(List<Bijection> layers, BiFunction<INDArray, INDArray, INDArray> baseLogProb,
            UnaryOperator<INDArray> input, int dims) {
        this.layers = List.copyOf(layers);
        this.baseLogProb = baseLogProb;
        this.input = input;
        this.dims = dims;
        // factorise every W now (the layers' snapshots do it lazily), so that concurrent calls only read
        score(Nd4j.zeros(DataType.DOUBLE, 1, dims), null, true);
    }

    /** Number of invertible layers, the columns of {@link Scores#layerLogDets()}. */
    public int layers() {
        return layers.size();
    }

    /** Scores of the rows of x [B, D] (the flow's input; for a flow head, the network's input). */
    public Scores score(INDArray x) {
        return score(x, null, false);
    }

    /** Scores under a conditional base density, u as the flow's labels take it. */
    public Scores score(INDArray x, INDArray u) {
        return score(x, u, false);
    }

    private Scores score(INDArray x, INDArray u, boolean warmUp) {
        INDArray z = warmUp ? x : input.apply(x);
        INDArray perLayer = Nd4j.zeros(DataType.DOUBLE, z.rows(), layers.size());
        INDArray total = Nd4j.zeros(DataType.DOUBLE, z.rows());
        for (int k = 0; k < layers.size(); k++) {
            INDArray logDet = Nd4j.zeros(DataType.DOUBLE, z.rows());
            z = layers.get(k).forward(z, logDet);
            perLayer.putColumn(k, logDet);
            total.addi(logDet);
        }
        if (warmUp) {
            return null;
        }
        return new Scores(baseLogProb.apply(z, u).addi(total), z, perLayer);
    }

    @Override
    public String toString() {
        return "FlowScorer(" + layers.size() + " layers, D = " + dims + ")";
    }
}
