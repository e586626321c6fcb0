package org.relgrad.io;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.relgrad.flow.Flow;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.FlowConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A model file of the {@code relgrad} commands: a DL4J ModelSerializer zip of a {@link FlowNetwork} (usable by plain
 * DL4J code) plus one JSON entry, {@value #METADATA_ENTRY}, saying what it is and how it was trained. Evaluating and
 * sampling also take flows saved with plain ModelSerializer ({@link #loadFlow}).
 *
 * <p>Saving is atomic ({@link AtomicFiles}): a crash or kill at any moment of a save leaves either the old file or the
 * new one, never a half-written one.
 */
public final class ModelFile {
    /** Name of the zip entry holding the metadata. */
    public static final String METADATA_ENTRY = "relgrad-metadata.json";
    /** Bumped when a model file written by this version can no longer be read by an older one, or vice versa. */
    public static final int FORMAT_VERSION = 1;
    static final String FORMAT = "relgrad-model";
    // the network's configuration in every ModelSerializer zip
    private static final String DL4J_CONFIGURATION_ENTRY = "configuration.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    /** A loaded model and its metadata. */
    public record Loaded(FlowNetwork network, ObjectNode metadata) {
        /** The metadata field {@code key} as text, or null. */
        public String text(String key) {
            JsonNode n = metadata.get(key);
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    /** A fresh metadata object with the format fields filled in. */
    public static ObjectNode newMetadata() {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("formatVersion", FORMAT_VERSION);
        m.put("library", ModelFile.class.getPackage().getImplementationVersion() == null ? "dev"
                : ModelFile.class.getPackage().getImplementationVersion());
        return m;
    }

    /** Writes {@code net} (with its updater state when {@code withUpdater}) and {@code metadata} atomically. */
    public static void save(FlowNetwork net, ObjectNode metadata, Path target, boolean withUpdater)
            throws IOException {
        AtomicFiles.write(target, tmp -> {
            ModelSerializer.writeModel(net, tmp.toFile(), withUpdater);
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                try (OutputStream out = Files.newOutputStream(zip.getPath(METADATA_ENTRY))) {
                    JSON.writerWithDefaultPrettyPrinter().writeValue(out, metadata);
                }
            }
        });
    }

    /**
     * Reads a model file written by {@link #save}; every way a file can be unusable (missing, not a zip, truncated,
     * not a relgrad model, another format version, not a flow) gives a {@link ModelFileException} naming the file.
     */
    public static Loaded load(Path file, boolean withUpdater) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException("Model file " + file + " does not exist (or is not a file)");
        }
        ObjectNode metadata = readMetadata(file);
        String format = metadata.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new ModelFileException(file + " is not a relgrad model file (format '" + format + "')");
        }
        int version = metadata.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new ModelFileException(file + " has model format version " + version + " (written by relgrad "
                    + metadata.path("library").asText("?") + "); this relgrad reads version " + FORMAT_VERSION);
        }
        try {
            return new Loaded(FlowNetwork.load(file.toFile(), withUpdater), metadata);
        } catch (Exception e) {
            throw new ModelFileException("Cannot read the network in model file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The flow in a model file for evaluating and sampling: a file of {@link #save} (checked as by {@link #load}), or
     * any flow saved with DL4J's {@link ModelSerializer} from the Java API, a MultiLayerNetwork (a FlowNetwork, say)
     * or a ComputationGraph of invertible layers ending in a density output layer. Anything else gives a
     * {@link ModelFileException} naming the file and why: "X is a DL4J model but not a flow: ...".
     */
    public static Flow loadFlow(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException("Model file " + file + " does not exist (or is not a file)");
        }
        JsonNode dl4jConfiguration;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry(METADATA_ENTRY) != null) {
                dl4jConfiguration = null;
            } else {
                var entry = zip.getEntry(DL4J_CONFIGURATION_ENTRY);
                if (entry == null) {
                    throw new ModelFileException(file + " is a zip but neither a relgrad model (no " + METADATA_ENTRY
                            + ") nor a DL4J model (no " + DL4J_CONFIGURATION_ENTRY + ")");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    dl4jConfiguration = JSON.readTree(in);
                }
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (dl4jConfiguration == null) {
            return load(file, false).network().asFlow();
        }
        // ModelSerializer writes the same entries for both kinds; a graph's configuration has vertices
        boolean graph = dl4jConfiguration.has("vertices");
        Model net;
        try {
            net = graph ? ModelSerializer.restoreComputationGraph(file.toFile(), false)
                    : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (Exception e) {
            throw new ModelFileException("Cannot read the DL4J " + (graph ? "ComputationGraph" : "MultiLayerNetwork")
                    + " in " + file + ": " + e.getMessage(), e);
        }
        Flow flow;
        try {
            flow = graph ? Flow.of((ComputationGraph) net) : Flow.of((MultiLayerNetwork) net);
        } catch (FlowConfigurationException e) {
            throw new ModelFileException(file + " is a DL4J model but not a flow: " + e.getMessage(), e);
        }
        if (flow.isConditional()) {
            throw new ModelFileException(file + " is a conditional flow (its density needs the auxiliary variable "
                    + "u); eval and sample take unconditional flows");
        }
        return flow;
    }

    private static ModelFileException unreadable(Path file, IOException e) {
        if (e instanceof ZipException) {
            return new ModelFileException(file + " is not a readable zip (truncated or corrupted): " + e.getMessage(),
                    e);
        }
        if (e instanceof NoSuchFileException) {
            return new ModelFileException("Model file " + file + " does not exist", e);
        }
        return new ModelFileException("Cannot read model file " + file + ": " + e.getMessage(), e);
    }

    /** The constant columns a model keeps out of its flow ({@code "constantColumns"} metadata), or none. */
    public static org.relgrad.data.ConstantColumns constantColumns(Path file, int flowDims) {
        ObjectNode m;
        try {
            m = readMetadata(file);
        } catch (ModelFileException e) {
            return org.relgrad.data.ConstantColumns.none(flowDims); // a plain DL4J zip: no metadata, no constants
        }
        JsonNode c = m.get("constantColumns");
        return c == null ? org.relgrad.data.ConstantColumns.none(flowDims) : org.relgrad.data.ConstantColumns.readFrom(c);
    }

    private static ObjectNode readMetadata(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            var entry = zip.getEntry(METADATA_ENTRY);
            if (entry == null) {
                throw new ModelFileException(file + " is a zip but not a relgrad model file (no " + METADATA_ENTRY
                        + "); plain DL4J models load with ModelSerializer");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                JsonNode node = JSON.readTree(in);
                if (!(node instanceof ObjectNode)) {
                    throw new ModelFileException(file + ": " + METADATA_ENTRY + " is not a JSON object");
                }
                return (ObjectNode) node;
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }
}
