package org.relgrad.examples.lab;

import org.relgrad.examples.RelgradCli;
import org.relgrad.examples.lab.anomaly.AnomalyCommand;
import org.relgrad.examples.lab.baseline.GaussianCommand;
import org.relgrad.examples.lab.regression.RegressionCommand;
import org.relgrad.examples.lab.figures.GradientRaceCommand;
import org.relgrad.examples.lab.figures.TrainingCurvesCommand;
import org.relgrad.examples.lab.bench.BenchCommand;
import org.relgrad.examples.lab.figures.FiguresCommand;
import org.relgrad.examples.lab.ica.IcaCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The lab's command line {@code relgrad-lab}: the experiments behind the README's numbers and figures — benchmarks,
 * the paper's figures, nonlinear ICA, anomaly detection, the Gaussian baseline. Same jar, same conventions as
 * {@code relgrad}: {@code java -cp relgrad.jar org.relgrad.examples.lab.RelgradLab bench ...}.
 */
@Command(name = "relgrad-lab", mixinStandardHelpOptions = true, version = "relgrad-lab 0.1.0-SNAPSHOT",
        description = "Experiments of dl4j-relgrad: benchmarks, figures, ICA, anomaly detection, baselines.",
        subcommands = {BenchCommand.class, FiguresCommand.class, IcaCommand.class, AnomalyCommand.class,
            GaussianCommand.class, RegressionCommand.class, GradientRaceCommand.class, TrainingCurvesCommand.class,
            CommandLine.HelpCommand.class})
public class RelgradLab implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        java.util.OptionalInt relaunched = org.relgrad.examples.LapackRelauncher.relaunchIfNeeded(RelgradLab.class, args);
        System.exit(relaunched.isPresent() ? relaunched.getAsInt() : RelgradCli.run(new RelgradLab(), args));
    }

    /** The lab's command line with the error handling of {@link RelgradCli#commandLine()}. */
    public static CommandLine commandLine() {
        return RelgradCli.commandLine(new RelgradLab());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
