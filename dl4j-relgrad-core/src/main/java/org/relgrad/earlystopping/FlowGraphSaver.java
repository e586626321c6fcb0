package org.relgrad.earlystopping;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.relgrad.flow.FlowGraph;

import java.io.File;
import java.io.IOException;

/**
 * Early-stopping model saver for {@link FlowGraph}s, in memory or in a directory: the best and latest models come
 * back as FlowGraphs (feature-only {@code fit}, exact {@code score}) carrying the score they were saved with. Use it
 * in place of DL4J's {@code InMemoryModelSaver} / {@code LocalFileGraphSaver}, see {@link BaseFlowModelSaver}.
 */
public class FlowGraphSaver extends BaseFlowModelSaver<ComputationGraph> {

    /** Keeps copies in memory. */
    public FlowGraphSaver() {
        super(null);
    }

    /** Writes ModelSerializer zips (with updater state) to {@code directory}, created if needed. */
    public FlowGraphSaver(File directory) {
        super(directory);
    }

    @Override
    ComputationGraph copy(ComputationGraph net) {
        return FlowGraph.copyOf(net);
    }

    @Override
    void write(ComputationGraph net, File file) throws IOException {
        ModelSerializer.writeModel(net, file, true);
    }

    @Override
    ComputationGraph read(File file) throws IOException {
        return FlowGraph.load(file, true);
    }

    @Override
    void setScore(ComputationGraph net, double score) {
        net.setScore(score);
    }

    @Override
    String fileStem() {
        return "Graph";
    }
}
