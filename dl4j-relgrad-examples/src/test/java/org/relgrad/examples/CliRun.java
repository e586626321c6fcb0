package org.relgrad.examples;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit code, stdout and stderr of one in-process run of the {@code relgrad} command line. */
public record CliRun(int code, String out, String err) {

    /** A run of the lab's command line, {@code relgrad-lab}. */
    public static CliRun lab(String... args) {
        return run(org.relgrad.examples.lab.RelgradLab.commandLine(), args);
    }

    public static CliRun of(String... args) {
        return run(RelgradCli.commandLine(), args);
    }

    private static CliRun run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * A configuration error (exit 2) reads like a runtime one (exit 1): "COMMAND: error: MESSAGE (see 'COMMAND
     * --help')", the message on the first line, at most three lines, no usage dump.
     */
    public void assertOneLineConfigurationError(String command) {
        String[] lines = err.strip().split("\\R");
        assertTrue(lines[0].startsWith(command + ": error: "), err);
        assertTrue(lines[lines.length - 1].endsWith("(see '" + command + " --help')"), err);
        assertTrue(lines.length <= 3, "at most 3 lines expected:\n" + err);
        assertFalse(err.contains("Usage:"), err);
    }
}
