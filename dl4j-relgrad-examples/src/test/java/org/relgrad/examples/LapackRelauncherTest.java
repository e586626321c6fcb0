package org.relgrad.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LapackRelauncherTest {

    @Test
    void theChildRunsTheSameMainWithTheSameArgumentsOnThisJava() {
        List<String> cmd = LapackRelauncher.command(RelgradCli.class, new String[] {"train", "--data", "a b.csv"});
        assertTrue(Files.isExecutable(Path.of(cmd.get(0))), cmd.get(0));
        assertTrue(cmd.get(0).startsWith(System.getProperty("java.home")), cmd.get(0));
        int cp = cmd.indexOf("-cp");
        assertEquals(System.getProperty("java.class.path"), cmd.get(cp + 1));
        assertEquals(List.of("org.relgrad.examples.RelgradCli", "train", "--data", "a b.csv"),
                cmd.subList(cp + 2, cmd.size()));
    }

    /** The build sets the variable for tests, so nothing is re-launched from inside them. */
    @Test
    void noRelaunchWhenTheVariableIsSet() {
        assertEquals("Haswell", System.getenv(LapackRelauncher.VARIABLE));
        assertEquals(OptionalInt.empty(), LapackRelauncher.relaunchIfNeeded(RelgradCli.class, new String[0]));
    }
}
