package org.moca.infra;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes files so that a reader sees either the old content or the whole new content, never a half-written file, even
 * if the process dies mid-write: the bytes go to a temporary file in the target's directory, are forced to the disk
 * (fsync), and the temporary file is renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. On any
 * failure the temporary file is deleted and the target is left as it was.
 *
 * <p>The temporary file must be in the same directory: a rename is atomic only within one file system. The directory
 * is fsynced after the rename where the platform allows it, so that the rename itself survives a crash.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream; may throw {@link IOException}, unlike {@code Consumer}. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes {@code text} as UTF-8 to {@code target} atomically, creating missing parent directories. */
    public static void writeString(Path target, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target} atomically, creating missing parent directories. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /**
     * Lets {@code writer} produce the content of {@code target} and installs it atomically, creating missing parent
     * directories. If {@code writer} throws, the target is untouched and the exception propagates.
     */
    public static void write(Path target, StreamWriter writer) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(writer, "writer");
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                writer.writeTo(new NonClosingOutputStream(out));
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(directory);
        } finally {
            if (!moved) Files.deleteIfExists(temporary);
        }
    }

    /** Best effort: some platforms (Windows) cannot open a directory to fsync it; the rename has happened anyway. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // durability of the rename is then up to the file system; atomicity is not affected
        }
    }

    /** Keeps a writer from closing the channel before it has been forced to disk. */
    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
