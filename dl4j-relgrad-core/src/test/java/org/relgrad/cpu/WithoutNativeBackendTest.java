package org.relgrad.cpu;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core depends on the ND4J API, not on a backend: an application on another backend (CUDA) has no nd4j-native
 * classes. Here the core's classes are loaded from its main classes and compile/runtime dependencies only, without
 * nd4j-native and its preset (the test-scoped backend), in a class loader of their own: every class loads and links
 * its fields and method signatures, and {@link FusedPath} reports the plain path instead of failing.
 */
class WithoutNativeBackendTest {

    private static boolean isNativeBackend(String entry) {
        String p = entry.replace('\\', '/');
        return p.contains("/org/nd4j/nd4j-native/") || p.contains("/org/nd4j/nd4j-native-preset/");
    }

    /** The test class path, also when surefire passes it in a manifest-only jar. */
    private static List<String> testClassPath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (e.endsWith(".jar") && e.contains("surefirebooter")) {
                try (JarFile jar = new JarFile(e)) {
                    Manifest m = jar.getManifest();
                    for (String u : m.getMainAttributes().getValue("Class-Path").split(" ")) {
                        try {
                            out.add(Path.of(new URL(u).toURI()).toString());
                        } catch (URISyntaxException | MalformedURLException ex) {
                            throw new IOException(ex);
                        }
                    }
                }
            } else if (!e.isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    private static URLClassLoader loaderWithoutNativeBackend(Path mainClasses) throws IOException {
        List<URL> urls = new ArrayList<>();
        int dropped = 0;
        for (String e : testClassPath()) {
            Path p = Path.of(e).toAbsolutePath().normalize();
            if (isNativeBackend(p.toString())) {
                dropped++;
            } else if (!p.endsWith("test-classes")) {
                urls.add(p.toUri().toURL());
            }
        }
        assertTrue(dropped >= 2, "expected nd4j-native and its preset on the test class path: " + testClassPath());
        assertTrue(urls.contains(mainClasses.toUri().toURL()), "main classes " + mainClasses + " not on " + urls);
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void coreClassesLoadAndTakeThePlainPathWithoutNd4jNative() throws Exception {
        Path mainClasses = Path.of(FusedPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(mainClasses)) {
            names = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> mainClasses.relativize(f).toString().replace(File.separatorChar, '.'))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .sorted().toList();
        }
        assertTrue(names.size() > 50, "found " + names.size() + " classes under " + mainClasses);
        try (URLClassLoader loader = loaderWithoutNativeBackend(mainClasses)) {
            assertThrows(ClassNotFoundException.class,
                    () -> Class.forName("org.nd4j.linalg.cpu.nativecpu.CpuBackend", false, loader));
            List<String> failures = new ArrayList<>();
            for (String name : names) {
                try {
                    Class<?> c = Class.forName(name, false, loader);
                    // resolves every type named in a field or method signature
                    c.getDeclaredFields();
                    c.getDeclaredMethods();
                    c.getDeclaredConstructors();
                } catch (LinkageError | ClassNotFoundException e) {
                    failures.add(name + ": " + e);
                }
            }
            assertEquals(List.of(), failures);

            // ND4J looks its backend up through the context class loader: make it the isolated one
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                Class<?> fused = Class.forName(FusedPath.class.getName(), true, loader);
                assertTrue(fused != FusedPath.class, "must come from the isolated loader");
                Method enabled = fused.getMethod("enabled");
                assertFalse((Boolean) enabled.invoke(null), "no CPU backend: the plain path");
                fused.getMethod("setEnabled", boolean.class).invoke(null, true);
                assertFalse((Boolean) enabled.invoke(null), "cannot be switched on without the CPU backend");
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        // while the tests themselves run on the CPU backend
        assertEquals("org.nd4j.linalg.cpu.nativecpu.CpuBackend",
                org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName());
    }
}
