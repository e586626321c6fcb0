package org.relgrad.earlystopping;

import org.deeplearning4j.earlystopping.scorecalc.ScoreCalculator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.relgrad.flow.ContextFlow;
import org.relgrad.flow.Flow;

/**
 * Early-stopping score: the exact mean negative log-likelihood (nats per example, double precision) of a flow, or of
 * the flow head of a MultiLayerNetwork, on held-out data. DL4J's {@code DataSetLossCalculator(data, true)} gives the
 * same number through the network's {@code score} (in the network's data type, and for FlowNetwork/FlowGraph also with
 * frozen layers); this one computes in double precision and takes flow heads on feature extractors too. With a
 * {@link MultiDataSetIterator} of [x, c] it scores a {@link ContextFlow}: the NLL of p(x | c), without the
 * regularisation terms (weight decay of the context branch) that DL4J's score would add.
 */
public class ExactNllScoreCalculator implements ScoreCalculator<Model> {
    private final transient DataSetIterator data;
    private final transient MultiDataSetIterator contextData;

    public ExactNllScoreCalculator(DataSetIterator data) {
        if (data == null) {
            throw new IllegalArgumentException("Validation data must not be null");
        }
        this.data = data;
        this.contextData = null;
    }

    /** For a context flow (a ComputationGraph with inputs [x, c]): data with features [x, c]. */
    public ExactNllScoreCalculator(MultiDataSetIterator contextData) {
        if (contextData == null) {
            throw new IllegalArgumentException("Validation data must not be null");
        }
        this.data = null;
        this.contextData = contextData;
    }

    @Override
    public double calculateScore(Model network) {
        if (contextData != null) {
            if (!(network instanceof ComputationGraph)) {
                throw new IllegalArgumentException("Data [x, c] are scored by a context flow, a ComputationGraph; got "
                        + network.getClass().getName());
            }
            return -ContextFlow.of((ComputationGraph) network).meanLogProb(contextData);
        }
        Flow flow;
        if (network instanceof MultiLayerNetwork) {
            flow = Flow.ofHead((MultiLayerNetwork) network);
        } else if (network instanceof ComputationGraph) {
            flow = Flow.of((ComputationGraph) network);
        } else {
            throw new IllegalArgumentException("Expected a MultiLayerNetwork or ComputationGraph, got "
                    + network.getClass().getName());
        }
        return -flow.meanLogProb(data);
    }

    @Override
    public boolean minimizeScore() {
        return true;
    }

    @Override
    public String toString() {
        return "ExactNllScoreCalculator";
    }
}
