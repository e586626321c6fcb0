package org.relgrad.examples.train;

import org.relgrad.io.ModelFile;
import org.relgrad.io.ModelFileException;
import org.relgrad.train.Checkpoint;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.relgrad.flow.FlowArchitecture;
import org.relgrad.flow.FlowNetwork;
import org.relgrad.nn.conf.layers.GradientMode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ModelFileTest {

    private static FlowNetwork network(long seed) {
        FlowNetwork net = new FlowNetwork(new FlowArchitecture(2, true, 0.3, GradientMode.RELATIVE)
                .configuration(3, new double[] {1, 2, 3}, new double[] {0.5, 1, 2}, new Adam(1e-3), DataType.DOUBLE,
                        seed));
        net.init();
        return net;
    }

    private static ObjectNode metadata() {
        ObjectNode m = ModelFile.newMetadata();
        m.put("data", "toy:moons");
        return m;
    }

    @Test
    void roundTripKeepsParametersStandardizationAndMetadata(@TempDir Path dir) throws IOException {
        FlowNetwork net = network(1);
        Path file = dir.resolve("m.zip");
        ModelFile.save(net, metadata(), file, true);
        ModelFile.Loaded back = ModelFile.load(file, true);
        assertEquals(net.params(), back.network().params());
        assertEquals("toy:moons", back.text("data"));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3).muli(3);
        assertTrue(back.network().asFlow().logProb(x).equalsWithEps(net.asFlow().logProb(x), 1e-12));
        // no temporary file is left beside the model
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void savingOverAnExistingModelReplacesItWhole(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.zip");
        ModelFile.save(network(1), metadata(), file, true);
        FlowNetwork second = network(2);
        ModelFile.save(second, metadata(), file, true);
        assertEquals(second.params(), ModelFile.load(file, false).network().params());
    }

    @Test
    void aSavedModelHasThePermissionsOfAnyNewFileThere(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("m.zip");
        ModelFile.save(network(1), metadata(), file, true);
        // the user's umask decides, as for any file: not the owner-only 0600 of a temporary file
        Path fresh = Files.createFile(dir.resolve("fresh"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nope.zip");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file, false));
        assertTrue(e.getMessage().contains("nope.zip") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void notAZipAndTruncatedZipsAreRejectedWithTheFileName(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("text.zip");
        Files.writeString(text, "hello");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(text, false));
        assertTrue(e.getMessage().contains("text.zip"), e.getMessage());

        Path good = dir.resolve("good.zip");
        ModelFile.save(network(1), metadata(), good, true);
        byte[] bytes = Files.readAllBytes(good);
        for (int cut : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 30}) {
            Path truncated = dir.resolve("truncated" + cut + ".zip");
            Files.write(truncated, Arrays.copyOf(bytes, cut));
            ModelFileException t = assertThrows(ModelFileException.class, () -> ModelFile.load(truncated, false));
            assertTrue(t.getMessage().contains(truncated.getFileName().toString()), t.getMessage());
        }
    }

    @Test
    void plainDl4jZipAndOtherFormatVersionsAreRejected(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("plain.zip");
        ModelSerializer.writeModel(network(1), plain.toFile(), false);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(plain, false));
        assertTrue(e.getMessage().contains("not a relgrad model"), e.getMessage());

        Path future = dir.resolve("future.zip");
        ObjectNode m = metadata();
        m.put("formatVersion", ModelFile.FORMAT_VERSION + 1);
        m.put("library", "9.9.9");
        ModelFile.save(network(1), m, future, false);
        ModelFileException v = assertThrows(ModelFileException.class, () -> ModelFile.load(future, false));
        assertTrue(v.getMessage().contains("version " + (ModelFile.FORMAT_VERSION + 1))
                && v.getMessage().contains("9.9.9"), v.getMessage());
    }

    @Test
    void corruptedNetworkEntryIsReportedNotThrownRaw(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.zip");
        ModelFile.save(network(1), metadata(), file, false);
        try (FileSystem zip = FileSystems.newFileSystem(file)) {
            try (OutputStream out = Files.newOutputStream(zip.getPath("configuration.json"))) {
                out.write("{ not json".getBytes());
            }
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file, false));
        assertTrue(e.getMessage().contains("m.zip"), e.getMessage());
    }
}
