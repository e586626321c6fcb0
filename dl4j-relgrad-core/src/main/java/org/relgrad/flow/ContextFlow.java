package org.relgrad.flow;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.nn.conf.layers.FlowConfigurationException;
import org.relgrad.nn.layers.ContextDensityOutputLayerImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exact conditional density p(x | c) of a ComputationGraph with inputs [x, c]: x passes a chain of invertible
 * layers to z, c passes any DL4J sub-network to the base density's location and log-scale θ(c) = [μ | s], and a
 * {@code MergeVertex} of the two feeds a {@code ContextDensityOutputLayer}. log p(x | c) = log p(z | θ(c)) + log|det
 * ∂z/∂x|; sampling draws z ~ p(z | θ(c)) and inverts the chain. Trained like any flow ({@code FlowGraph.fit} with
 * features [x, c] and no labels).
 */
public final class ContextFlow {
    private final ComputationGraph graph;
    private final Flow chain;
    private final String contextVertex;

    private ContextFlow(ComputationGraph graph, Flow chain, String contextVertex) {
        this.graph = graph;
        this.chain = chain;
        this.contextVertex = contextVertex;
    }

    /** The conditional flow of {@code graph}; see the class comment for the shape it must have. */
    public static ContextFlow of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 2 || conf.getNetworkOutputs().size() != 1) {
            throw new FlowConfigurationException("A context flow has two inputs, [x, c], and one output; this graph "
                    + "has " + conf.getNetworkInputs().size() + " and " + conf.getNetworkOutputs().size());
        }
        String x = conf.getNetworkInputs().get(0);
        String out = conf.getNetworkOutputs().get(0);
        Map<String, List<String>> inputsOf = conf.getVertexInputs();
        if (!(graph.getLayer(out) instanceof ContextDensityOutputLayerImpl)) {
            throw new FlowConfigurationException("The output of a context flow is a ContextDensityOutputLayer, got "
                    + graph.getLayer(out).getClass().getSimpleName());
        }
        String merge = inputsOf.get(out).get(0);
        GraphVertex mergeVertex = conf.getVertices().get(merge);
        List<String> merged = inputsOf.get(merge);
        if (!(mergeVertex instanceof MergeVertex) || merged == null || merged.size() != 2) {
            throw new FlowConfigurationException("The ContextDensityOutputLayer of a context flow takes a "
                    + "MergeVertex of [the flow chain's end, the context branch's end]; \"" + merge + "\" is not one");
        }
        // the x branch: invertible layers from x to the merge (Flow.ofChain rejects any that is not invertible)
        List<Layer> layers = new ArrayList<>(Flow.chainBetween(graph, x, merged.get(0)));
        layers.add(graph.getLayer(out));
        return new ContextFlow(graph, Flow.ofChain(layers), merged.get(1));
    }

    /** Width D of x and z. */
    public int dims() {
        return chain.dims();
    }

    /** The base density's parameters θ(c) = [μ | s], [B, 2D] in double, from the context branch. */
    public INDArray contextParameters(INDArray c) {
        if (c == null || c.rank() != 2) {
            throw new IllegalArgumentException("Expected a context c of shape [batch, width]");
        }
        DataType type = graph.getConfiguration().getDataType();
        // the graph needs both inputs; the x branch's output is not used here
        INDArray x = Nd4j.zeros(type, c.rows(), dims());
        Map<String, INDArray> acts = graph.feedForward(new INDArray[] {x, c.castTo(type)}, false);
        return acts.get(contextVertex).castTo(DataType.DOUBLE);
    }

    /** Exact log p(x | c) per example, in nats: x [B, D], c [B, C] → [B]. */
    public INDArray logProb(INDArray x, INDArray c) {
        return chain.logProb(x, contextParameters(c));
    }

    /**
     * The exact mean log p(x | c) in nats per example over {@code data} (reset first if it can be): features [x, c],
     * labels unused.
     */
    public double meanLogProb(MultiDataSetIterator data) {
        if (data.resetSupported()) {
            data.reset();
        }
        double sum = 0;
        long n = 0;
        while (data.hasNext()) {
            MultiDataSet ds = data.next();
            if (ds.numFeatureArrays() != 2) {
                throw new IllegalArgumentException("A context flow's data have two feature arrays, [x, c]; got "
                        + ds.numFeatureArrays());
            }
            sum += logProb(ds.getFeatures(0), ds.getFeatures(1)).sumNumber().doubleValue();
            n += ds.getFeatures(0).rows();
        }
        if (n == 0) {
            throw new IllegalArgumentException("No examples to average over");
        }
        return sum / n;
    }

    /** The latents z of x: [B, D]. */
    public INDArray forward(INDArray x) {
        return chain.forward(x);
    }

    /** One sample of x given each row of c, drawn with {@code seed}: [B, D]. */
    public INDArray sample(INDArray c, long seed) {
        return chain.sample(contextParameters(c), seed);
    }
}
