package org.relgrad.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files that appear whole or not at all: the content goes to a temporary file in the target's folder, is synced to
 * disk, and is then renamed over the target. A crash or kill at any moment leaves the old file or the new one, and no
 * reader ever sees a half-written file.
 *
 * <p>The file gets the permissions of any file newly created in that folder (the user's umask), not the owner-only
 * ones of {@link Files#createTempFile}: models and samples are files people share. A failure is reported as
 * "cannot write TARGET: CAUSE", the cause in words ("No space left on device", "permission denied ...", "it is a
 * directory"), never by the temporary file's name.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file to the given (temporary) path. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path path) throws IOException;
    }

    /** Writes {@code out} through {@code writer} atomically (see the class comment); returns {@code out}. */
    public static Path write(Path out, FileWriter writer) throws IOException {
        Path abs = out.toAbsolutePath();
        Path dir = abs.getParent();
        String problem = unwritable(abs);
        if (problem != null) {
            throw new IOException("cannot write " + out + ": " + problem);
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createUnique(dir, "." + abs.getFileName() + ".", ".tmp");
            Set<PosixFilePermission> fresh = posixPermissions(tmp);
            writer.write(tmp);
            // a writer may have replaced the file (the zip file system renames a 0600 temp file over it)
            if (fresh != null && !fresh.equals(posixPermissions(tmp))) {
                Files.setPosixFilePermissions(tmp, fresh);
            }
            // without the sync, a power loss right after the rename can leave an empty file under the new name
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": " + cause(e, abs, tmp), e);
        } catch (UncheckedIOException e) {
            throw new IOException("cannot write " + out + ": " + cause(e.getCause(), abs, tmp), e.getCause());
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
        return out;
    }

    /**
     * Checks, before any long work, that {@link #write} will be able to write {@code target}: it is not a directory,
     * its folder exists or can be created, and a file can really be created (and is deleted again) there. Throws
     * "cannot write WHAT to TARGET: CAUSE" otherwise, e.g. "cannot write the model to out/m.zip: out is not a
     * directory".
     */
    public static void checkWritable(Path target, String what) throws IOException {
        Path abs = target.toAbsolutePath();
        String problem = unwritable(abs);
        if (problem != null) {
            throw new IOException("cannot write " + what + " to " + target + ": " + problem);
        }
        Path probe = null;
        try {
            Files.createDirectories(abs.getParent());
            probe = createUnique(abs.getParent(), "." + abs.getFileName() + ".", ".write-test");
        } catch (IOException e) {
            throw new IOException("cannot write " + what + " to " + target + ": " + cause(e, abs, probe), e);
        } finally {
            if (probe != null) {
                Files.deleteIfExists(probe);
            }
        }
    }

    /**
     * Why a file cannot be written at {@code target} as far as can be told without writing (it is a directory, or
     * an existing ancestor is not a directory), or null.
     */
    static String unwritable(Path target) {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return "it is a directory";
        }
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p + " is not a directory";
            }
        }
        return null;
    }

    /** The cause of {@code e}, met while writing {@code target} through {@code tmp}, in words and without tmp. */
    static String cause(IOException e, Path target, Path tmp) {
        Path dir = target.getParent();
        String structural = unwritable(target);
        if (structural != null) {
            return structural;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (cannot create or replace files in " + dir + ")";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "it is a directory";
        }
        if (e instanceof NoSuchFileException) {
            return Files.isDirectory(dir) ? "no such file" : "folder " + dir + " does not exist";
        }
        if (e instanceof FileAlreadyExistsException) {
            return ((FileAlreadyExistsException) e).getFile() + " exists";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            String reason = ((FileSystemException) e).getReason();
            return reason.equals("Is a directory") ? "it is a directory" : reason;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (tmp != null) {
            message = message.replace(tmp.toString(), target.toString());
        }
        return message;
    }

    /** A new, empty file {@code dir/prefix<random>suffix}, created with the default permissions. */
    private static Path createUnique(Path dir, String prefix, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + suffix);
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static Set<PosixFilePermission> posixPermissions(Path p) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        return view == null ? null : view.readAttributes().permissions();
    }
}
