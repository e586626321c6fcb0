package org.relgrad.examples.options;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --batch}, the same for every command that trains or evaluates a flow (a picocli mixin). */
public final class BatchOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--batch", defaultValue = "100", paramLabel = "B",
            description = "Examples per mini-batch (training) or per evaluation batch (default: ${DEFAULT-VALUE}).")
    int batch;

    /** The batch size, checked to be positive. */
    public int value() {
        if (batch <= 0) {
            throw new ParameterException(command.commandLine(), "'--batch' must be positive, got " + batch);
        }
        return batch;
    }
}
