package org.relgrad.io;

import org.relgrad.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link AtomicFiles}: the permissions a written file gets, and failures reported in words, never by temp name. */
class AtomicFilesTest {

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWrittenFileHasThePermissionsOfAnyNewFileThere(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path out = AtomicFiles.write(dir.resolve("a.csv"), tmp -> Files.writeString(tmp, "x\n"));
        // what the user's umask gives a file created there: a model or CSV is shared like any other file
        Path fresh = Files.createFile(dir.resolve("fresh"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void aWriterThatReplacesItsFileStillGivesTheNewFilePermissions(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        // as the zip file system does when it adds an entry: writes a 0600 temp file and renames it over the file
        Path out = AtomicFiles.write(dir.resolve("m.zip"), tmp -> {
            Path other = Files.createTempFile(dir, "other", ".tmp");
            Files.writeString(other, "content");
            Files.move(other, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        });
        assertEquals("content", Files.readString(out));
        Path fresh = Files.createFile(dir.resolve("fresh"));
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void aFullDiskIsReportedWithTheTargetAndTheCause(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m.zip");
        AtomicReference<Path> tmpSeen = new AtomicReference<>();
        // FileOutputStream.write on a full disk throws exactly this: the cause, no file name
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(out, tmp -> {
            tmpSeen.set(tmp);
            Files.writeString(tmp, "partial");
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + out + ": No space left on device", e.getMessage());
        assertEquals(List.of(), names(dir), "the temporary file is removed");
        assertFalse(tmpSeen.get().equals(out));
    }

    @Test
    void aFailureNamingTheTemporaryFileNamesTheTargetInstead(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m.zip");
        // how the JDK reports a refused open or rename: the exception's "message" is just the (temporary) path
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(out, tmp -> {
            throw new AccessDeniedException(tmp.toString());
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + out + ": permission denied"), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aTargetThatIsADirectoryIsSaidSoWithoutWritingAnything(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("m.zip"));
        Files.writeString(out.resolve("inside"), "x");
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.write(out, tmp -> Files.writeString(tmp, "x")));
        assertEquals("cannot write " + out + ": it is a directory", e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        assertEquals(List.of("m.zip"), names(dir));
    }

    @Test
    void aParentThatIsAFileIsSaidSo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Path out = file.resolve("sub/m.zip");
        IOException e = assertThrows(IOException.class,
                () -> AtomicFiles.write(out, tmp -> Files.writeString(tmp, "x")));
        assertEquals("cannot write " + out + ": " + file + " is not a directory", e.getMessage());
    }
}
