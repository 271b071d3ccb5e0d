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
}
