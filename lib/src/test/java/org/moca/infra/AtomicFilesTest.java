package org.moca.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path directory;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesTextBytesAndStreamsCreatingParents() throws IOException {
        Path text = directory.resolve("a/b/results.csv");
        AtomicFiles.writeString(text, "x,y\n1,ü\n");
        assertEquals("x,y\n1,ü\n", Files.readString(text, StandardCharsets.UTF_8));

        Path bytes = directory.resolve("blob.bin");
        AtomicFiles.writeBytes(bytes, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(bytes));

        Path stream = directory.resolve("stream.txt");
        AtomicFiles.write(stream, out -> {
            out.write("hello ".getBytes(StandardCharsets.UTF_8));
            out.close(); // a writer closing its stream must not lose data nor the fsync
            out.write("world".getBytes(StandardCharsets.UTF_8));
        });
        assertEquals("hello world", Files.readString(stream));
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path target = directory.resolve("provenance.json");
        AtomicFiles.writeString(target, "old content that is longer than the new one");
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), files(), "no temporary file may remain");
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = directory.resolve("results.csv");
        AtomicFiles.writeString(target, "complete old results\n");
        IOException failure = new IOException("disk on fire");
        IOException thrown = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write("half of the new res".getBytes(StandardCharsets.UTF_8));
                    throw failure;
                }));
        assertSame(failure, thrown);
        assertEquals("complete old results\n", Files.readString(target));
        assertEquals(List.of(target), files());

        Path fresh = directory.resolve("never.csv");
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFiles.write(fresh, out -> {
                    out.write(1);
                    throw new IllegalStateException("bug in the writer");
                }));
        assertEquals(List.of(target), files(), "a failed first write leaves nothing behind");
    }

    @Test
    void filesGetOrdinaryPermissionsNotTheOwnerOnlyModeOfATemporaryFile() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(directory.resolve("plain")); // what the umask gives any new file
        Path atomic = directory.resolve("atomic.csv");
        AtomicFiles.writeString(atomic, "x\n");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
        try (AtomicFiles.FileSet set = AtomicFiles.fileSet()) {
            set.addString(directory.resolve("in-set.csv"), "y\n").commit();
        }
        assertEquals(
                Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(directory.resolve("in-set.csv")));
    }

    @Test
    void aFileSetAppearsWholeOnCommit() throws IOException {
        Path csv = directory.resolve("out/trace.csv"), png = directory.resolve("out/trace.png");
        try (AtomicFiles.FileSet set = AtomicFiles.fileSet()) {
            set.addString(csv, "hour,service\n0,1.0\n");
            set.add(png, out -> out.write(new byte[] {1, 2, 3}));
            assertEquals(false, Files.exists(csv), "nothing is in place before the commit");
            set.commit();
        }
        assertEquals("hour,service\n0,1.0\n", Files.readString(csv));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(png));
        try (Stream<Path> left = Files.list(directory.resolve("out"))) {
            assertEquals(
                    List.of("trace.csv", "trace.png"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aFailureWhileStagingAnyFileLeavesNoneOfTheSet() throws IOException {
        Path csv = directory.resolve("trace.csv"), png = directory.resolve("trace.png");
        IOException e = assertThrows(IOException.class, () -> {
            try (AtomicFiles.FileSet set = AtomicFiles.fileSet()) {
                set.addString(csv, "hour,service\n");
                set.add(png, out -> {
                    out.write(1);
                    throw new IOException("No space left on device");
                });
                set.commit();
            }
        });
        assertEquals("No space left on device", e.getMessage());
        try (Stream<Path> left = Files.list(directory)) {
            assertEquals(List.of(), left.toList(), "neither the CSV nor any temporary file is left");
        }
    }
}
