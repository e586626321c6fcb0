package org.relgrad.examples.train;

import org.relgrad.io.OutputLock;
import org.relgrad.io.ModelFile;
import org.relgrad.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.relgrad.examples.CliRun;
import org.relgrad.examples.RelgradCli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code relgrad train}: best model kept, resume, standardisation inside the model, and failures that write nothing. */
class TrainCommandTest {
    private static final String MOONS = "toy:moons?n=1500";

    /** Trains on small moons data; {@code options} (name, value pairs or flags) override the defaults here. */
    private static CliRun train(Path model, String... options) {
        Map<String, String> o = new LinkedHashMap<>(Map.of("--data", MOONS, "--out", model.toString(), "--layers",
                "3", "--batch", "50", "--lr", "0.01", "--threads", "1"));
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < options.length; i++) {
            if (i + 1 < options.length && !options[i + 1].startsWith("--")) {
                o.put(options[i], options[++i]);
            } else {
                flags.add(options[i]);
            }
        }
        List<String> args = new ArrayList<>(List.of("train"));
        o.forEach((k, v) -> args.addAll(List.of(k, v)));
        args.addAll(flags);
        return CliRun.of(args.toArray(new String[0]));
    }

    private static List<Double> validationLogLiks(String stderr) {
        List<Double> v = new ArrayList<>();
        Matcher m = Pattern.compile("validation log-likelihood (-?[0-9.]+)").matcher(stderr);
        while (m.find()) {
            v.add(Double.parseDouble(m.group(1)));
        }
        return v;
    }

    @Test
    void savesTheBestValidationModelAndALastStateCheckpoint(@TempDir Path dir) {
        Path model = dir.resolve("m.zip");
        CliRun run = train(model, "--epochs", "4", "--patience", "10");
        assertEquals(0, run.code(), run.err());
        List<Double> valid = validationLogLiks(run.err());
        assertEquals(4, valid.size(), run.err());
        double best = valid.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        ModelFile.Loaded saved = ModelFile.load(model, false);
        assertEquals(best, saved.metadata().get("validLogLik").asDouble(), 1e-4);
        assertEquals(valid.indexOf(best) + 1, saved.metadata().get("epoch").asInt());
        // the saved model really is that model: its validation log-likelihood recomputed from the file
        ModelFile.Loaded last = ModelFile.load(Checkpoint.pathFor(model), true);
        assertEquals(4, last.metadata().get("checkpoint").get("epoch").asInt());
        assertTrue(run.out().contains(String.format(Locale.ROOT, "%.4f", best)), run.out());
    }

    @Test
    void severalDepthsAreEachTrainedAndTheBestOnValidationIsKept(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.zip");
        CliRun run = train(model, "--layers", "1,3", "--epochs", "6", "--patience", "10");
        assertEquals(0, run.code(), run.err());
        Matcher m = Pattern.compile("depth (\\d): best validation log-likelihood (-?[0-9.]+)").matcher(run.out());
        Map<Integer, Double> valid = new LinkedHashMap<>();
        while (m.find()) {
            valid.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
        }
        assertEquals(List.of(1, 3), List.copyOf(valid.keySet()), run.out());
        // the depth with the better validation log-likelihood is the model at --out, with its checkpoint
        int chosen = valid.get(3) > valid.get(1) ? 3 : 1;
        assertTrue(run.out().contains("chosen on validation: " + chosen + " layer"), run.out());
        ModelFile.Loaded saved = ModelFile.load(model, false);
        assertEquals(chosen, saved.metadata().get("layers").asInt());
        assertEquals(chosen, saved.network().getLayers().length - 2, "standardisation + L dense + density");
        assertEquals(valid.get(chosen), saved.metadata().get("validLogLik").asDouble(), 1e-4);
        assertEquals(chosen, ModelFile.load(Checkpoint.pathFor(model), true).metadata().get("layers").asInt());
        // only the chosen model and its checkpoint are left (the lock file goes with the run)
        try (var files = Files.list(dir)) {
            assertEquals(List.of("m.checkpoint.zip", "m.zip"), files.map(f -> f.getFileName()
                    .toString()).sorted().toList());
        }
        // a selection run cannot be resumed as such; the chosen depth can
        CliRun again = train(model, "--layers", "1,3", "--epochs", "7", "--resume");
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("--resume continues one run"), again.err());
        CliRun resumed = train(model, "--layers", String.valueOf(chosen), "--epochs", "7", "--patience", "10",
                "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming"), resumed.err());
    }

    private static List<String> zipEntries(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.stream().map(ZipEntry::getName).sorted().toList();
        }
    }

    @Test
    void theBestModelHoldsParametersOnlyAndTheCheckpointTheOptimiserStateToo(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.zip");
        CliRun run = train(model, "--epochs", "1", "--data", "toy:moons?n=400");
        assertEquals(0, run.code(), run.err());
        // DL4J's ModelSerializer keeps the updater (Adam moments: twice the parameters) in this entry
        List<String> modelEntries = zipEntries(model);
        assertFalse(modelEntries.contains("updaterState.bin"), modelEntries.toString());
        assertTrue(modelEntries.contains("coefficients.bin") && modelEntries.contains(ModelFile.METADATA_ENTRY),
                modelEntries.toString());
        List<String> checkpointEntries = zipEntries(Checkpoint.pathFor(model));
        assertTrue(checkpointEntries.contains("updaterState.bin"), checkpointEntries.toString());
        assertTrue(Files.size(model) < Files.size(Checkpoint.pathFor(model)));
        // both are files to share: the permissions of any new file in that folder, not a temp file's 0600
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            String fresh = PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    Files.createFile(dir.resolve("fresh"))));
            assertEquals(fresh, PosixFilePermissions.toString(Files.getPosixFilePermissions(model)));
            assertEquals(fresh, PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    Checkpoint.pathFor(model))));
        }
    }

    @Test
    void resumedRunEndsBitwiseWhereAnUninterruptedOneDoes(@TempDir Path dir) {
        Path whole = dir.resolve("whole.zip");
        assertEquals(0, train(whole, "--epochs", "4", "--patience", "10").code());
        Path split = dir.resolve("split.zip");
        assertEquals(0, train(split, "--epochs", "2", "--patience", "10").code());
        CliRun resumed = train(split, "--epochs", "4", "--patience", "10", "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming"), resumed.err());
        INDArray a = ModelFile.load(Checkpoint.pathFor(whole), true).network().params();
        INDArray b = ModelFile.load(Checkpoint.pathFor(split), true).network().params();
        assertEquals(a, b);
        assertEquals(ModelFile.load(whole, false).network().params(), ModelFile.load(split, false).network().params());
    }

    @Test
    void resumingFromCheckpointsTakenInsideEpochsIsBitwiseToo(@TempDir Path dir) {
        Path whole = dir.resolve("whole.zip");
        assertEquals(0, train(whole, "--epochs", "2", "--patience", "10").code());
        Path parts = dir.resolve("parts.zip");
        // 27 batches per epoch: stop inside epoch 1, then inside epoch 2, then finish
        CliRun first = train(parts, "--epochs", "2", "--patience", "10", "--stop-after-batches", "20");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("stopped in epoch 1 after 20 batches"), first.out());
        CliRun second = train(parts, "--epochs", "2", "--patience", "10", "--stop-after-batches", "15", "--resume");
        assertTrue(second.err().contains("after epoch 0 and 20 batches"), second.err());
        assertTrue(second.out().contains("stopped in epoch 2 after 8 batches"), second.out());
        CliRun last = train(parts, "--epochs", "2", "--patience", "10", "--resume");
        assertEquals(0, last.code(), last.err());
        assertEquals(ModelFile.load(Checkpoint.pathFor(whole), true).network().params(),
                ModelFile.load(Checkpoint.pathFor(parts), true).network().params());
        assertEquals(ModelFile.load(whole, false).network().params(), ModelFile.load(parts, false).network().params());
    }

    @Test
    void aLeftoverCheckpointIsNeverSilentlyOverwritten(@TempDir Path dir) {
        Path model = dir.resolve("m.zip");
        assertEquals(0, train(model, "--epochs", "1").code());
        CliRun again = train(model, "--epochs", "1");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--resume"), again.err());
    }

    @Test
    void likelihoodIsInTheDataUnitsThanksToTheStandardizationLayer(@TempDir Path dir) throws IOException {
        // a Gaussian far from the origin and on a large scale: one linear layer after standardisation models it
        // exactly from the start, so the test log-likelihood must match the closed form, Jacobian included
        double[] mean = {5000, -300, 2};
        double[] std = {300, 0.01, 7};
        Path csv = dir.resolve("gauss.csv");
        Random r = new Random(5);
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int n = 0; n < 4000; n++) {
            for (int i = 0; i < 3; i++) {
                s.append(i > 0 ? "," : "").append(mean[i] + std[i] * r.nextGaussian());
            }
            s.append('\n');
        }
        Files.writeString(csv, s);
        Path model = dir.resolve("g.zip");
        CliRun run = CliRun.of("train", "--data", "csv:" + csv, "--out", model.toString(), "--layers", "1",
                "--epochs", "2", "--lr", "0.001", "--threads", "1");
        assertEquals(0, run.code(), run.err());
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + csv, "--json");
        assertEquals(0, eval.code(), eval.err());
        double expected = 0;
        for (double sd : std) {
            expected -= 0.5 * Math.log(2 * Math.PI * Math.E * sd * sd);
        }
        double got = Double.parseDouble(eval.out().replaceAll(".*\"loglik_mean\":(-?[0-9.Ee-]+).*\\s*", "$1"));
        assertEquals(expected, got, 0.05, eval.out());
    }

    @Test
    void badDataFailsWithFileAndLineAndWritesNoModel(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < 50; n++) {
            s.append(n).append(',').append(n % 7).append('\n');
        }
        s.append("3,NaN\n");
        Files.writeString(csv, s);
        Path model = dir.resolve("m.zip");
        CliRun run = CliRun.of("train", "--data", "csv:" + csv, "--out", model.toString(), "--epochs", "1");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("bad.csv") && run.err().contains("51"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace expected: " + run.err());
        assertFalse(Files.exists(model));
        assertFalse(Files.exists(Checkpoint.pathFor(model)));
    }

    @Test
    void divergenceIsAnErrorAndKeepsNoBrokenModel(@TempDir Path dir) {
        Path model = dir.resolve("m.zip");
        CliRun run = train(model, "--epochs", "3", "--lr", "1000");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("error"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace expected: " + run.err());
        if (Files.exists(model)) {
            // a model saved before the blow-up must still be a valid, finite model
            double v = ModelFile.load(model, false).metadata().get("validLogLik").asDouble();
            assertTrue(Double.isFinite(v));
        }
    }

    /** A run refused before reading data or training: exit 1 and its one error line, nothing else. */
    private static void assertRefusedBeforeTraining(CliRun run, String... expected) {
        assertEquals(1, run.code(), run.err());
        assertEquals(1, run.err().strip().lines().count(), "nothing but the error line expected: " + run.err());
        assertTrue(run.err().startsWith("relgrad train: error: "), run.err());
        for (String e : expected) {
            assertTrue(run.err().contains(e), "expected '" + e + "' in: " + run.err());
        }
        assertFalse(run.err().contains(".tmp"), run.err());
    }

    @Test
    void anOutUnderARegularFileIsRefusedBeforeTraining(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "not a folder");
        Path model = file.resolve("sub/m.zip");
        assertRefusedBeforeTraining(train(model, "--epochs", "1", "--data", "toy:moons?n=400"),
                "cannot write the model to " + model + ": " + file + " is not a directory");
    }

    @Test
    void anOutThatIsADirectoryIsRefusedBeforeTraining(@TempDir Path dir) throws IOException {
        Path model = Files.createDirectory(dir.resolve("m.zip"));
        assertRefusedBeforeTraining(train(model, "--epochs", "1", "--data", "toy:moons?n=400"),
                "cannot write the model to " + model + ": it is a directory");
        Path other = dir.resolve("n.zip");
        Files.createDirectory(Checkpoint.pathFor(other));
        assertRefusedBeforeTraining(train(other, "--epochs", "1", "--data", "toy:moons?n=400"),
                "cannot write the checkpoint to " + Checkpoint.pathFor(other) + ": it is a directory");
    }

    @Test
    void anOutInAReadOnlyFolderIsRefusedBeforeTraining(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            try {
                Files.delete(Files.createFile(ro.resolve("probe")));
                assumeTrue(false, "permissions are not enforced for this user (" + System.getProperty("user.name")
                        + ")");
            } catch (AccessDeniedException expected) {
                // the folder really is read-only for this user
            }
            Path model = ro.resolve("m.zip");
            assertRefusedBeforeTraining(train(model, "--epochs", "1", "--data", "toy:moons?n=400"),
                    "cannot write the model to " + model + ": permission denied");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void anOutFolderThatDoesNotExistYetIsCreated(@TempDir Path dir) {
        Path model = dir.resolve("new/deeper/m.zip");
        CliRun run = train(model, "--epochs", "1", "--data", "toy:moons?n=400");
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.isRegularFile(model) && Files.isRegularFile(Checkpoint.pathFor(model)));
    }

    @Test
    void aSecondTrainOnTheSameOutIsRefusedNamingTheProcessWritingIt(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.zip");
        Path log = dir.resolve("first.log");
        // a real second process: a long relgrad train on the same --out
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), RelgradCli.class.getName(),
                "train", "--data", "toy:moons?n=600", "--out", model.toString(), "--layers", "2", "--batch", "600",
                "--epochs", "100000", "--patience", "100000", "--threads", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process first = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (first.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("train: ")) {
                Thread.sleep(10);
            }
            assertTrue(first.isAlive(), () -> "the first run ended early: " + readQuietly(log));
            CliRun second = train(model, "--epochs", "1", "--data", "toy:moons?n=400");
            assertRefusedBeforeTraining(second, model + " is being written by relgrad process " + first.pid()
                    + " on host ", "(lock file " + model + ".lock)", "wait for it or choose another --out");
            assertTrue(first.isAlive(), "the first run goes on");
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        // a killed run leaves its lock file but holds no lock any more: the next run takes the file over
        Files.deleteIfExists(model);
        Files.deleteIfExists(Checkpoint.pathFor(model));
        CliRun next = train(model, "--epochs", "1", "--data", "toy:moons?n=400");
        assertEquals(0, next.code(), next.err());
        assertFalse(Files.exists(dir.resolve("m.zip.lock")), "the lock file is removed at the end of a run");
    }

    @Test
    void anOutClaimedInThisProcessIsRefusedToo(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.zip");
        try (OutputLock held = OutputLock.acquire(model)) {
            CliRun second = train(model, "--epochs", "1", "--data", "toy:moons?n=400");
            assertRefusedBeforeTraining(second, model + " is being written by relgrad process "
                    + ProcessHandle.current().pid() + " on host ", "(lock file " + model + ".lock)");
            assertTrue(Files.exists(dir.resolve("m.zip.lock")), "the refused run leaves the owner's lock alone");
        }
        assertFalse(Files.exists(dir.resolve("m.zip.lock")));
        CliRun after = train(model, "--epochs", "1", "--data", "toy:moons?n=400");
        assertEquals(0, after.code(), after.err());
    }

    @Test
    void aFailedRunReleasesItsLock(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "1,2\n3,x\n");
        Path model = dir.resolve("m.zip");
        CliRun bad = CliRun.of("train", "--data", "csv:" + csv, "--out", model.toString(), "--epochs", "1");
        assertEquals(1, bad.code(), bad.err());
        assertFalse(Files.exists(dir.resolve("m.zip.lock")));
        CliRun good = train(model, "--epochs", "1", "--data", "toy:moons?n=400");
        assertEquals(0, good.code(), good.err());
        assertFalse(Files.exists(dir.resolve("m.zip.lock")));
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Test
    void badOptionsAreRejectedBeforeAnyWork(@TempDir Path dir) {
        Path model = dir.resolve("m.zip");
        for (String[] bad : new String[][] {{"--valid-fraction", "0"}, {"--alpha", "1"}, {"--lr", "-1"},
            {"--activation", "tanh"}, {"--precision", "half"}}) {
            CliRun run = train(model, bad);
            assertEquals(2, run.code(), String.join(" ", bad));
            assertTrue(run.err().contains("'" + bad[0] + "'"), run.err());
        }
        assertFalse(Files.exists(model));
    }

    private static Path csv(Path file, int rows, java.util.function.BiFunction<Random, Integer, String> row)
            throws IOException {
        Random r = new Random(11);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            s.append(row.apply(r, i)).append('\n');
        }
        return Files.writeString(file, s);
    }

    @Test
    void degenerateTablesAreRefusedBeforeTrainingWithTheColumnNamed(@TempDir Path dir) throws IOException {
        Path dup = csv(dir.resolve("dup.csv"), 400, (r, i) -> {
            double a = r.nextGaussian();
            return a + "," + r.nextGaussian() + "," + a;
        });
        Path constant = csv(dir.resolve("const.csv"), 400, (r, i) -> r.nextGaussian() + ",5," + r.nextGaussian());
        Path model = dir.resolve("m.zip");
        for (String[] args : new String[][] {{"--data", "csv:" + dup}, {"--data", "csv:" + constant},
            {"--data", "csv:" + constant, "--no-standardize"}}) {
            CliRun run = train(model, args);
            assertEquals(1, run.code(), run.err());
            String expected = args[1].contains("dup") ? "Column 3 of csv:" + dup + " duplicates column 1"
                    : "Column(s) 2 of csv:" + constant + " are constant";
            assertTrue(run.err().contains(expected), run.err());
            assertFalse(run.err().contains("epoch "), "refused before training: " + run.err());
            assertFalse(Files.exists(model));
        }
    }

    @Test
    void aFileTooSmallForAValidationPartSaysSo(@TempDir Path dir) throws IOException {
        Path tiny = csv(dir.resolve("tiny.csv"), 4, (r, i) -> r.nextGaussian() + "," + r.nextGaussian());
        CliRun run = train(dir.resolve("m.zip"), "--data", "csv:" + tiny);
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("The validation part of csv:" + tiny + " is empty"), run.err());
    }

    @Test
    void aLikelihoodAboveWhatTheGridAllowsStopsTrainingAndDequantisationIsTheCure(@TempDir Path dir)
            throws IOException {
        // two binary columns of step 10: no density of the grid's dequantised data exceeds -2 log 10 nats
        Path grid = csv(dir.resolve("grid.csv"), 400, (r, i) -> 10 * r.nextInt(2) + "," + 10 * r.nextInt(2));
        Path model = dir.resolve("m.zip");
        CliRun run = train(model, "--data", "csv:" + grid, "--epochs", "300", "--patience", "300", "--lr", "0.01");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("column(s) 1, 2 of csv:" + grid + " take values on a grid"), run.err());
        assertTrue(run.err().contains(String.format(Locale.ROOT, "exceeds %.4f = -sum log(step)", -2 * Math.log(10))),
                run.err());
        assertTrue(run.err().contains("csv:" + grid + "?dequantize"), run.err());
        // the saved best model predates the crossing
        if (Files.exists(model)) {
            assertTrue(ModelFile.load(model, false).metadata().get("validLogLik").asDouble() <= -2 * Math.log(10));
        }

        Path dq = dir.resolve("dq.zip");
        CliRun cured = train(dq, "--data", "csv:" + grid + "?dequantize", "--epochs", "40", "--patience", "300",
                "--lr", "0.01");
        assertEquals(0, cured.code(), cured.err());
        assertFalse(cured.err().contains("take values on a grid"), cured.err());
        for (double v : validationLogLiks(cured.err())) {
            assertTrue(v <= -2 * Math.log(10) + 0.05, cured.err());
        }
    }

    @Test
    void constantColumnsCanBeKeptOutOfTheDensityAndScoreAsExactMatches(@TempDir Path dir) throws IOException {
        Path train = csv(dir.resolve("train.csv"), 600, (r, i) -> r.nextGaussian() + ",5," + (2 * r.nextGaussian()));
        // test rows: every 4th differs from the training constant
        Path test = csv(dir.resolve("test.csv"), 200, (r, i) -> r.nextGaussian() + "," + (i % 4 == 0 ? "6" : "5")
                + "," + (2 * r.nextGaussian()));
        Path model = dir.resolve("m.zip");
        CliRun run = train(model, "--data", "csv:" + train, "--drop-constant-columns", "--epochs", "3");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("column(s) 2 of csv:" + train + " are constant in the training rows ([5.0])"),
                run.err());
        assertTrue(run.err().contains("2 features"), run.err());

        // independent: the flow of the other two columns, and the rule "differs from 5 -> log p = -inf"
        org.relgrad.flow.Flow flow = ModelFile.load(model, false).network().asFlow();
        assertEquals(2, flow.dims());
        List<String> rows = Files.readAllLines(test);
        double[][] kept = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            String[] f = rows.get(i).split(",");
            kept[i] = new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2])};
        }
        INDArray logp = flow.logProb(org.nd4j.linalg.factory.Nd4j.createFromArray(kept).castTo(
                org.nd4j.linalg.api.buffer.DataType.FLOAT).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        double sum = 0;
        int matching = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (i % 4 != 0) {
                sum += logp.getDouble(i);
                matching++;
            }
        }
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", "csv:" + test, "--json");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.err().contains("50 rows differ from the training constant(s) of column(s) 2"), eval.err());
        var json = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(eval.out());
        assertEquals(50, json.get("constant_mismatches").asInt());
        assertEquals(sum / matching, json.get("loglik_mean").asDouble(), 1e-6);

        Path scores = dir.resolve("s.csv");
        CliRun score = CliRun.of("score", "--model", model.toString(), "--data", "csv:" + test, "--out",
                scores.toString());
        assertEquals(0, score.code(), score.err());
        List<String> lines = Files.readAllLines(scores);
        assertEquals(201, lines.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] f = lines.get(i + 1).split(",");
            if (i % 4 == 0) {
                assertEquals("-Infinity", f[0], lines.get(i + 1));
                // finite for ranking tools, above every matching row: 1e9 + -log p of the other columns
                assertEquals(1e9 - logp.getDouble(i), Double.parseDouble(f[1]), 1e-3, lines.get(i + 1));
            } else {
                assertEquals(logp.getDouble(i), Double.parseDouble(f[0]), 1e-6, "row " + i);
            }
        }
    }
}
