package org.relgrad.examples;

import org.relgrad.plot.ImageFiles;
import org.relgrad.examples.train.EvalCommand;
import org.relgrad.examples.train.SampleCommand;
import org.relgrad.examples.train.ScoreCommand;
import org.relgrad.examples.train.TrainCommand;
import org.relgrad.RelgradError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * The user's command line {@code relgrad} (the jar's main class): {@code demo}, {@code train}, {@code eval},
 * {@code sample}, {@code score}, thin shells over the core library. The experiments (benchmarks, figures, ICA, anomaly, baselines)
 * are the lab's, {@link org.relgrad.examples.lab.RelgradLab}. New subcommands are added to the list below.
 *
 * <p>Exit codes follow picocli: 0 success, 1 failure while running, 2 bad arguments.
 */
@Command(name = "relgrad", mixinStandardHelpOptions = true, version = "relgrad 0.1.0-SNAPSHOT",
        description = "Exact-likelihood invertible networks trained with relative gradients (Deeplearning4j).",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, SampleCommand.class, ScoreCommand.class,
            CommandLine.HelpCommand.class})
public class RelgradCli implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        java.util.OptionalInt relaunched = LapackRelauncher.relaunchIfNeeded(RelgradCli.class, args);
        System.exit(relaunched.isPresent() ? relaunched.getAsInt() : run(new RelgradCli(), args));
    }

    /** Runs {@code root}'s command line as a program: headless, quiet logging, the error handling below. */
    public static int run(Object root, String[] args) {
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
        return commandLine(root).execute(args);
    }

    /**
     * The command line with its error handling, one convention for every command: a problem the user can fix prints
     * one line {@code relgrad CMD: error: MESSAGE}, the message first. Bad arguments (unknown or missing options,
     * invalid values, failed option checks) add {@code (see 'relgrad CMD --help')} instead of the full usage and
     * exit with 2; failures while running (bad data, unusable model or output file, divergence, an invalid network)
     * exit with 1; anything else keeps its stack trace.
     */
    public static CommandLine commandLine() {
        return commandLine(new RelgradCli());
    }

    /** As {@link #commandLine()}, for another root command (the lab's). */
    public static CommandLine commandLine(Object root) {
        CommandLine cl = new CommandLine(root);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            String message = e.getMessage();
            if (e instanceof CommandLine.UnmatchedArgumentException) {
                List<String> suggestions = ((CommandLine.UnmatchedArgumentException) e).getSuggestions();
                if (!suggestions.isEmpty()) {
                    message += "; did you mean " + String.join(" or ", suggestions) + "?";
                }
            }
            failed.getErr().println(name + ": error: " + message + " (see '" + name + " --help')");
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (!isUserError(e)) {
                throw e;
            }
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": error: "
                    + e.getMessage());
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    /** Expected errors (see {@link RelgradError}) and file errors; anything else is a bug and keeps its trace. */
    private static boolean isUserError(Exception e) {
        return e instanceof RelgradError || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
