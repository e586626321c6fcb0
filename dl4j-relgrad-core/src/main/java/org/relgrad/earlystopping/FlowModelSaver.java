package org.relgrad.earlystopping;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.relgrad.flow.FlowNetwork;

import java.io.File;
import java.io.IOException;

/**
 * Early-stopping model saver for {@link FlowNetwork}s, in memory or in a directory: the best and latest models come
 * back as FlowNetworks (feature-only {@code fit}, exact {@code score}) carrying the score they were saved with. Use it
 * in place of DL4J's {@code InMemoryModelSaver} / {@code LocalFileModelSaver}, see {@link BaseFlowModelSaver}.
 */
public class FlowModelSaver extends BaseFlowModelSaver<MultiLayerNetwork> {

    /** Keeps copies in memory. */
    public FlowModelSaver() {
        super(null);
    }

    /** Writes ModelSerializer zips (with updater state) to {@code directory}, created if needed. */
    public FlowModelSaver(File directory) {
        super(directory);
    }

    @Override
    MultiLayerNetwork copy(MultiLayerNetwork net) {
        return FlowNetwork.copyOf(net);
    }

    @Override
    void write(MultiLayerNetwork net, File file) throws IOException {
        ModelSerializer.writeModel(net, file, true);
    }

    @Override
    MultiLayerNetwork read(File file) throws IOException {
        return FlowNetwork.load(file, true);
    }

    @Override
    void setScore(MultiLayerNetwork net, double score) {
        net.setScore(score);
    }

    @Override
    String fileStem() {
        return "Model";
    }
}
