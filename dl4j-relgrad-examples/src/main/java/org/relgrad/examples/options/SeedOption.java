package org.relgrad.examples.options;

import picocli.CommandLine.Option;

/** {@code --seed}, the same for every command (a picocli mixin). */
public final class SeedOption {
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of every random choice: split, initialisation, shuffling, noise and toy samples "
                    + "(default: ${DEFAULT-VALUE}).")
    long seed;

    public long value() {
        return seed;
    }
}
