package org.relgrad.examples;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Exit code, stdout and stderr of one in-process run of the {@code relgrad} command line. */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = RelgradCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
