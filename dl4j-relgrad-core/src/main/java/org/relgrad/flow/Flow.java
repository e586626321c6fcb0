package org.relgrad.flow;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.relgrad.nn.conf.layers.DensityOutputLayer;
import org.relgrad.nn.conf.layers.FlowConfigurationException;
import org.relgrad.nn.layers.Bijection;
import org.relgrad.nn.layers.BijectiveLayer;
import org.relgrad.nn.layers.DensityLayer;
import org.relgrad.nn.layers.FrozenLayers;
import org.relgrad.nn.layers.NonFiniteInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The exact-likelihood view of a trained network of invertible layers ({@link BijectiveLayer}s such as
 * {@code InvertibleDenseLayer}) ending in a density layer ({@link DensityLayer}: a {@link DensityOutputLayer} or a
 * {@code ConditionalDensityOutputLayer}): per-example log p(x), the map to latents and back, and sampling.
 *
 * <p>A view, not a copy: it reads the network's current parameters on every call. All results are in double
 * precision whatever the network's data type, because log-determinants of float weights lose digits fast. Each call
 * factorises every W once (O(D³)); the training step itself never does.
 */
public final class Flow {
    private final List<BijectiveLayer> layers;
    private final DensityLayer output;
    // for a flow head on a feature extractor: the extractor's input width and the map x -> features; else null
    private final FeatureExtractor extractor;

    private Flow(List<BijectiveLayer> layers, DensityLayer output, FeatureExtractor extractor) {
        this.layers = layers;
        this.output = output;
        this.extractor = extractor;
    }

    /** The non-invertible layers in front of a flow head, see {@link #ofHead(MultiLayerNetwork)}. */
    private record FeatureExtractor(MultiLayerNetwork net, int flowStart, long inputWidth) {
        INDArray features(INDArray x) {
            return net.feedForwardToLayer(flowStart - 1, x.castTo(net.getLayerWiseConfigurations().getDataType()),
                    false).get(flowStart);
        }
    }

    /**
     * The flow head of a network whose first layers are an ordinary (typically frozen, pretrained) feature extractor,
     * followed by invertible layers and a density output layer, e.g. built with DL4J's {@code TransferLearning}.
     * {@link #logProb(INDArray)} and {@link #forward(INDArray)} take the network's input x and give the exact
     * log-density of its <em>features</em> f(x) (f itself is not invertible, so this is not a density of x);
     * {@link #inverse}, {@link #sample} and {@link #dims()} live in feature space. Useful as an anomaly score.
     */
    public static Flow ofHead(MultiLayerNetwork net) {
        if (net.getLayers() == null) {
            throw new IllegalStateException("Network is not initialised: call init() first");
        }
        Layer[] all = net.getLayers();
        int start = all.length - 1;
        while (start > 0 && FrozenLayers.bijective(all[start - 1]) != null) {
            start--;
        }
        for (int i = start; i < all.length; i++) {
            if (net.getLayerWiseConfigurations().getInputPreProcess(i) != null) {
                throw new FlowConfigurationException("Layer " + i + " of the flow head has an input preprocessor");
            }
        }
        Flow head = fromChain(List.of(all).subList(start, all.length));
        if (start == 0) {
            return head;
        }
        long inputWidth = net.getLayer(0).getParam("W") != null ? net.getLayer(0).getParam("W").rows() : -1;
        return new Flow(head.layers, head.output, new FeatureExtractor(net, start, inputWidth));
    }

    /** The flow of a MultiLayerNetwork made only of invertible dense layers and a density output layer. */
    public static Flow of(MultiLayerNetwork net) {
        if (net.getLayers() == null) {
            throw new IllegalStateException("Network is not initialised: call init() first");
        }
        Layer[] all = net.getLayers();
        for (int i = 0; i < all.length; i++) {
            if (net.getLayerWiseConfigurations().getInputPreProcess(i) != null) {
                throw new FlowConfigurationException("Layer " + i + " has an input preprocessor; a flow must map "
                        + "its input directly through invertible layers");
            }
        }
        return fromChain(List.of(all));
    }

    /** The flow of a ComputationGraph whose vertices form one chain input → invertible layers → density output. */
    public static Flow of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new FlowConfigurationException("A flow graph has one input and one output; this graph has "
                    + conf.getNetworkInputs().size() + " and " + conf.getNetworkOutputs().size());
        }
        List<Layer> chain = chainBetween(graph, conf.getNetworkInputs().get(0), conf.getNetworkOutputs().get(0));
        if (chain.size() != graph.getLayers().length) {
            throw new FlowConfigurationException("Graph has layers outside the chain from input to output");
        }
        return fromChain(chain);
    }

    /**
     * The layers of {@code graph} from the one after {@code input} to {@code end}, in order, each a single-input
     * layer vertex without preprocessor (whether invertible is checked by {@link #fromChain}).
     */
    static List<Layer> chainBetween(ComputationGraph graph, String input, String end) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, List<String>> inputsOf = conf.getVertexInputs();
        List<Layer> chain = new ArrayList<>();
        String name = end;
        while (!name.equals(input)) {
            GraphVertex v = conf.getVertices().get(name);
            List<String> in = inputsOf.get(name);
            if (!(v instanceof LayerVertex) || ((LayerVertex) v).getPreProcessor() != null || in == null
                    || in.size() != 1) {
                throw new FlowConfigurationException("Vertex \"" + name + "\" is not a single-input layer without "
                        + "preprocessor; a flow graph must be a chain of invertible layers");
            }
            chain.add(graph.getLayer(name));
            name = in.get(0);
            if (chain.size() > conf.getVertices().size()) {
                throw new FlowConfigurationException("Graph has a cycle");
            }
        }
        Collections.reverse(chain);
        return chain;
    }

    /** The flow of a chain of invertible layers ending in a density layer (for flows inside larger graphs). */
    static Flow ofChain(List<Layer> chain) {
        return fromChain(chain);
    }

    private static Flow fromChain(List<Layer> chain) {
        Layer last = chain.isEmpty() ? null : FrozenLayers.unwrap(chain.get(chain.size() - 1));
        if (!(last instanceof DensityLayer)) {
            throw new FlowConfigurationException("A flow must end in a density layer (a DensityOutputLayer or a "
                    + "ConditionalDensityOutputLayer)");
        }
        List<BijectiveLayer> flowLayers = new ArrayList<>();
        for (int i = 0; i < chain.size() - 1; i++) {
            Layer l = chain.get(i);
            // frozen (TransferLearning, FrozenLayerWithBackprop) or not, the layer's Jacobian is part of log p
            BijectiveLayer b = FrozenLayers.bijective(l);
            if (b == null) {
                throw new FlowConfigurationException("Layer " + i + " (" + FrozenLayers.unwrap(l).getClass()
                        .getSimpleName() + ") is not invertible; only invertible layers (InvertibleDenseLayers, "
                        + "StandardizationLayers, any BijectiveLayer; frozen or not) may precede the density layer");
            }
            flowLayers.add(b);
        }
        return new Flow(List.copyOf(flowLayers), (DensityLayer) last, null);
    }

    /** Number of dimensions D of data and latents. */
    public int dims() {
        return layers.isEmpty() ? -1 : (int) layers.get(0).size();
    }

    /** True if the base density is conditioned on an auxiliary variable u (use the two-argument methods). */
    public boolean isConditional() {
        return output.isConditional();
    }

    /** Exact log p(x) per example, in nats: [B, D] → [B]. */
    public INDArray logProb(INDArray x) {
        if (isConditional()) {
            throw new IllegalStateException("This flow is conditional: use logProb(x, u) with the auxiliary variable "
                    + "u (one-hot [B, S] or segment indices [B, 1])");
        }
        return logProb(x, null, snapshot());
    }

    /** Exact log p(x | u) per example for a conditional flow, in nats; u one-hot [B, S] or indices [B, 1]. */
    public INDArray logProb(INDArray x, INDArray u) {
        if (!isConditional()) {
            return logProb(x);
        }
        return logProb(x, u, snapshot());
    }

    /** Every layer at its current parameters; one snapshot serves all batches of one evaluation. */
    private List<Bijection> snapshot() {
        List<Bijection> snapshot = new ArrayList<>(layers.size());
        for (BijectiveLayer layer : layers) {
            snapshot.add(layer.bijection());
        }
        return snapshot;
    }

    private INDArray logProb(INDArray x, INDArray u, List<Bijection> snapshot) {
        INDArray z = flowInput(x);
        INDArray logDet = Nd4j.zeros(DataType.DOUBLE, z.rows());
        for (Bijection f : snapshot) {
            z = f.forward(z, logDet);
        }
        return output.logProb(z, isConditional() ? u : null).addi(logDet);
    }

    /**
     * Mean exact log p(x) in nats over all examples of {@code data} (resets it first when it can); for a conditional
     * flow, log p(x | u) with u from the labels.
     */
    public double meanLogProb(DataSetIterator data) {
        if (data.resetSupported()) {
            data.reset();
        }
        List<Bijection> snapshot = snapshot();
        double sum = 0;
        long n = 0;
        while (data.hasNext()) {
            DataSet ds = data.next();
            sum += logProb(ds.getFeatures(), isConditional() ? ds.getLabels() : null, snapshot).sumNumber()
                    .doubleValue();
            n += ds.getFeatures().rows();
        }
        if (n == 0) {
            throw new IllegalArgumentException("The data iterator yielded no examples (an empty file, or an empty "
                    + "validation split?): a mean log-likelihood needs at least one");
        }
        return sum / n;
    }

    /**
     * A thread-safe scorer of per-example log p, latents and per-layer log-det terms, frozen at the current parameters
     * (see {@link FlowScorer}); for scoring many batches inside a service without touching the network.
     */
    public FlowScorer scorer() {
        return new FlowScorer(snapshot(), (z, u) -> output.logProb(z, isConditional() ? u : null), this::flowInput,
                dims());
    }

    /** The latents z = g(x): [B, D] → [B, D]. */
    public INDArray forward(INDArray x) {
        INDArray z = flowInput(x);
        for (Bijection f : snapshot()) {
            z = f.forward(z, null);
        }
        return z;
    }

    /** The data point x = g^{-1}(z) for latents z: [B, D] → [B, D]. */
    public INDArray inverse(INDArray z) {
        INDArray x = checkedInput(z, "z");
        List<Bijection> snapshot = snapshot();
        for (int k = snapshot.size() - 1; k >= 0; k--) {
            x = snapshot.get(k).inverse(x);
        }
        return x;
    }

    /** n samples from the model: latents drawn from the base density with {@code seed}, mapped back to data space. */
    public INDArray sample(int n, long seed) {
        if (isConditional()) {
            throw new IllegalStateException("This flow is conditional: use sample(u, seed) with the auxiliary "
                    + "variable u of each sample (one-hot [n, S] or segment indices [n, 1])");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("Number of samples must be positive, got " + n);
        }
        return inverse(output.sample(n, dims(), null, new Random(seed)));
    }

    /**
     * Samples of a conditional flow, one per row of u (one-hot [n, S] or segment indices [n, 1]): latents drawn from
     * p(z | u) with {@code seed}, mapped back to data space.
     */
    public INDArray sample(INDArray u, long seed) {
        if (!isConditional()) {
            throw new IllegalStateException("This flow is unconditional: use sample(n, seed)");
        }
        if (u == null || u.length() == 0) {
            throw new IllegalArgumentException("Sampling a conditional flow needs u: one-hot [n, S] or segment "
                    + "indices [n, 1], at least one row");
        }
        int n = (int) (u.rank() == 1 ? u.length() : u.rows());
        return inverse(output.sample(n, dims(), u, new Random(seed)));
    }

    /** x as the flow layers' input: x itself, or its features for a flow head. */
    private INDArray flowInput(INDArray x) {
        if (extractor == null) {
            return checkedInput(x, "x");
        }
        if (x == null || x.rank() != 2 || (extractor.inputWidth() > 0 && x.columns() != extractor.inputWidth())) {
            throw new IllegalArgumentException("Expected x of shape [batch, " + extractor.inputWidth() + "], got "
                    + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
        }
        return checkedInput(extractor.features(x), "features of x");
    }

    private INDArray checkedInput(INDArray a, String what) {
        if (a == null || a.rank() != 2 || a.columns() != dims()) {
            throw new IllegalArgumentException("Expected " + what + " of shape [batch, " + dims() + "], got "
                    + (a == null ? "null" : java.util.Arrays.toString(a.shape())));
        }
        INDArray d = a.castTo(DataType.DOUBLE);
        if (!Double.isFinite(d.sumNumber().doubleValue())) {
            throw new NonFiniteInputException("Input " + what + " holds NaN or infinite values");
        }
        return d.dup('c');
    }
}
