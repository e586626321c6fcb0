package org.relgrad.examples;

import org.relgrad.examples.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command-line entry point {@code relgrad}: a top-level command whose work is done by subcommands
 * ({@code relgrad demo}, {@code relgrad bench}, …). New subcommands are added to the {@code subcommands} list below.
 *
 * <p>Exit codes follow picocli: 0 success, 1 failure while running, 2 bad arguments.
 */
@Command(name = "relgrad", mixinStandardHelpOptions = true, version = "relgrad 0.1.0-SNAPSHOT",
        description = "Exact-likelihood invertible networks trained with relative gradients (Deeplearning4j).",
        subcommands = {DemoCommand.class, BenchCommand.class, org.relgrad.examples.ica.IcaCommand.class,
            CommandLine.HelpCommand.class})
public class RelgradCli implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        ImageFiles.ensureHeadless();
        // ND4J logs its backend set-up at INFO; keep the console to the program's own output unless asked otherwise
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // DL4J warns "Assigning a size of zero" whenever a stock LossLayer (no nOut) reports its output type
        String inputTypeLog = "org.slf4j.simpleLogger.log.org.deeplearning4j.nn.conf.inputs.InputType";
        if (System.getProperty(inputTypeLog) == null) {
            System.setProperty(inputTypeLog, "error");
        }
        System.exit(new CommandLine(new RelgradCli()).execute(args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
