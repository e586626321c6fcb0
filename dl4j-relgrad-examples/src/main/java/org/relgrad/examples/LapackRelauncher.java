package org.relgrad.examples;

import org.relgrad.linalg.HostLapack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs a command-line program again, in a child JVM with OpenBLAS's Haswell kernels, when this JVM's LAPACK failed
 * its known-answer check ({@link HostLapack#problem()}); the kernels are chosen when the native library loads, so the
 * choice cannot be made from inside the running JVM. The child inherits the console, JVM options and class path.
 */
public final class LapackRelauncher {
    static final String VARIABLE = "OPENBLAS_CORETYPE";
    static final String CORETYPE = "Haswell";

    private LapackRelauncher() {
    }

    /** The child's exit code, or empty when this JVM's LAPACK is fine (or the variable was already set). */
    public static OptionalInt relaunchIfNeeded(Class<?> main, String[] args) {
        if (System.getenv(VARIABLE) != null || HostLapack.problem() == null) {
            return OptionalInt.empty();
        }
        System.err.println("relgrad: OpenBLAS's default kernels give wrong LAPACK results on this CPU; running again "
                + "with " + VARIABLE + "=" + CORETYPE);
        ProcessBuilder child = new ProcessBuilder(command(main, args)).inheritIO();
        child.environment().put(VARIABLE, CORETYPE);
        try {
            return OptionalInt.of(child.start().waitFor());
        } catch (IOException e) {
            System.err.println("relgrad: error: could not start " + child.command().get(0) + " (" + e.getMessage()
                    + "); set " + VARIABLE + "=" + CORETYPE + " yourself");
            return OptionalInt.of(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(130);
        }
    }

    static List<String> command(Class<?> main, String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }
}
