package org.relgrad.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An exclusive claim on an output for the length of a run, so that two runs writing the same files refuse to
 * instead of silently overwriting each other: an OS file lock ({@link FileChannel#tryLock}) on {@code TARGET.lock}
 * beside the target, holding the owner's process id and host. The lock, not the file, is the claim: a killed owner's
 * lock goes with its process, and the next run takes the left-over file over. {@link #close} deletes the file and
 * releases the lock.
 *
 * <p>Within one JVM a second claim is refused from a table of this JVM's locks, without opening the file: the JVM
 * throws {@link OverlappingFileLockException} for a second lock on a file, and closing any descriptor of a file
 * drops every POSIX lock the process holds on it.
 */
public final class OutputLock implements AutoCloseable {
    // lock files held by this JVM (real path) → the owner line written into them
    private static final Map<Path, String> HELD = new HashMap<>();
    // channels that must stay open, see acquire
    private static final List<FileChannel> KEPT_OPEN = new ArrayList<>();

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path key, Path file, FileChannel channel, FileLock lock) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code target}: {@code TARGET.lock} beside it. */
    public static Path fileFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".lock");
    }

    /**
     * Claims {@code target} (whose folder must exist) for this process, or throws an IOException naming the process
     * that holds it: "TARGET is being written by relgrad process PID on host HOST (lock file TARGET.lock); wait for
     * it or choose another --out".
     */
    public static OutputLock acquire(Path target) throws IOException {
        Path file = fileFor(target);
        Path key = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
        String owner = "pid " + ProcessHandle.current().pid() + "\nhost " + hostName() + "\n";
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                throw held(target, file, HELD.get(key));
            }
            HELD.put(key, owner);
        }
        boolean acquired = false;
        try {
            OutputLock l = lock(target, file, key, owner);
            acquired = true;
            return l;
        } finally {
            if (!acquired) {
                synchronized (HELD) {
                    HELD.remove(key);
                }
            }
        }
    }

    private static OutputLock lock(Path target, Path file, Path key, String owner) throws IOException {
        for (int attempt = 0; ; attempt++) {
            BasicFileAttributes before = attributes(file);
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new IOException("cannot create the lock file " + file + ": "
                        + AtomicFiles.cause(e, file.toAbsolutePath(), null), e);
            }
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                // locked through another channel of this JVM, not by this class: closing ours would drop that lock
                synchronized (HELD) {
                    KEPT_OPEN.add(ch);
                }
                throw held(target, file, "pid " + ProcessHandle.current().pid() + "\nhost " + hostName() + "\n");
            }
            if (lock == null) {
                ch.close();
                throw held(target, file, readOwner(file));
            }
            // the path must still name the file just locked: a finishing owner deletes it before it unlocks
            BasicFileAttributes after = attributes(file);
            if (before != null && after != null
                    && (before.fileKey() == null || before.fileKey().equals(after.fileKey()))) {
                try {
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
                } catch (IOException e) {
                    lock.release();
                    ch.close();
                    throw new IOException("cannot write the lock file " + file + ": "
                            + AtomicFiles.cause(e, file.toAbsolutePath(), null), e);
                }
                return new OutputLock(key, file, ch, lock);
            }
            lock.release();
            ch.close();
            if (attempt >= 100) {
                throw new IOException("cannot lock " + file + ": it is replaced or removed again and again");
            }
        }
    }

    /** Deletes the lock file and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
                channel.close();
            } finally {
                synchronized (HELD) {
                    HELD.remove(key);
                }
            }
        }
    }

    private static IOException held(Path target, Path file, String owner) {
        String pid = field(owner, "pid");
        String host = field(owner, "host");
        String who = pid == null ? "another relgrad process"
                : "relgrad process " + pid + (host == null ? "" : " on host " + host);
        return new IOException(target + " is being written by " + who + " (lock file " + file + "); wait for it or "
                + "choose another --out");
    }

    /** The owner lines of a lock file held by another process; it may not have written them yet. */
    private static String readOwner(Path file) {
        for (int i = 0; i < 20; i++) {
            try {
                String s = Files.readString(file, StandardCharsets.UTF_8);
                if (s.contains("\n")) {
                    return s;
                }
                Thread.sleep(10);
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
        return "";
    }

    private static String field(String owner, String name) {
        for (String line : owner.split("\n")) {
            if (line.startsWith(name + " ") && line.length() > name.length() + 1) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    /** The attributes of {@code file}, null when there is none; their fileKey identifies it where supported. */
    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
