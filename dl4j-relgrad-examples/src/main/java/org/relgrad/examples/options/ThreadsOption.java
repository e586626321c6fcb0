package org.relgrad.examples.options;

import org.relgrad.util.NativeThreads;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --threads}, the same for every command that trains or evaluates a flow (a picocli mixin). */
public final class ThreadsOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "T",
            description = "BLAS threads for matrix products; 0 = one per core (default). ND4J's element-wise ops get "
                    + "one OpenMP thread, the fastest setting for flows (see NativeThreads.forFlows).")
    int threads;

    /** Checks the value and sets ND4J's threads accordingly (see {@link NativeThreads#forFlows}). */
    public void apply() {
        if (threads < 0) {
            throw new ParameterException(command.commandLine(), "'--threads' must not be negative, got " + threads);
        }
        NativeThreads.forFlows(threads);
    }
}
