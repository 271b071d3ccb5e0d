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
 * is fsynced after the rename where the platform allows it, so that the rename itself survives a crash. Files get the
 * ordinary permissions of a new file (the process umask applies), not the owner-only mode of a JDK temporary file.
 *
 * <p>Several files that belong together (a CSV and its plot, the four CSVs of a topology) go through a {@link FileSet}:
 * every file is staged first, and only when all are staged are they renamed into place, so a failure while writing any
 * of them (a full disk, a rendering error) leaves none of them behind.
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
        Path temporary = stage(absolute, writer);
        boolean moved = false;
        try {
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(directory);
        } finally {
            if (!moved) Files.deleteIfExists(temporary);
        }
    }

    /** Writes the content to a new temporary file beside {@code absolute} and forces it to disk; returns its path. */
    private static Path stage(Path absolute, StreamWriter writer) throws IOException {
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = null;
        for (int attempt = 0; temporary == null; attempt++) {
            Path candidate = directory.resolve(
                    "." + absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                // CREATE_NEW with default attributes: the umask decides the mode, as for any new file
                Files.newByteChannel(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
                temporary = candidate;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
        boolean written = false;
        try {
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                writer.writeTo(new NonClosingOutputStream(out));
                out.flush();
                channel.force(true);
            }
            written = true;
            return temporary;
        } finally {
            if (!written) Files.deleteIfExists(temporary);
        }
    }

    /** Names temporary files only (never seeds anything reproducible). */
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Starts a set of files that appear together or not at all ({@link FileSet#commit}). */
    public static FileSet fileSet() {
        return new FileSet();
    }

    /**
     * Files written as a set: {@link #add} stages each file as a temporary file beside its target; {@link #commit}
     * renames them all into place; {@link #close} without a commit (or after a failed one) deletes whatever is still
     * staged, so that a failure while producing any file leaves none of the new ones behind.
     *
     * <pre>
     *   try (AtomicFiles.FileSet files = AtomicFiles.fileSet()) {
     *       files.addString(dir.resolve("trace.csv"), csv);
     *       files.add(dir.resolve("trace.png"), out -> Charts.encodePng(chart, out));
     *       files.commit();
     *   }
     * </pre>
     *
     * The renames of one commit are atomic one by one; a crash between two of them can leave the earlier ones in place
     * (each whole). Not thread-safe.
     */
    public static final class FileSet implements AutoCloseable {
        private final java.util.LinkedHashMap<Path, Path> staged = new java.util.LinkedHashMap<>();
        private boolean committed;

        private FileSet() {}

        /** Stages the content {@code writer} produces for {@code target}. */
        public FileSet add(Path target, StreamWriter writer) throws IOException {
            Objects.requireNonNull(writer, "writer");
            Path absolute = Objects.requireNonNull(target, "target").toAbsolutePath();
            if (committed) throw new IllegalStateException("file set already committed");
            if (staged.containsKey(absolute)) throw new IllegalArgumentException(target + " is already in the set");
            staged.put(absolute, stage(absolute, writer));
            return this;
        }

        /** Stages {@code text} (UTF-8) for {@code target}. */
        public FileSet addString(Path target, String text) throws IOException {
            Objects.requireNonNull(text, "text");
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return add(target, out -> out.write(bytes));
        }

        /** Renames every staged file into place, in the order they were added. */
        public void commit() throws IOException {
            if (committed) throw new IllegalStateException("file set already committed");
            committed = true;
            java.util.Set<Path> directories = new java.util.LinkedHashSet<>();
            for (var it = staged.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Files.move(
                        e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                it.remove();
                directories.add(e.getKey().getParent());
            }
            directories.forEach(AtomicFiles::syncDirectory);
        }

        /** Deletes the files still staged (all of them, unless {@link #commit} ran). */
        @Override
        public void close() throws IOException {
            IOException first = null;
            for (Path temporary : staged.values()) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    if (first == null) first = e;
                }
            }
            staged.clear();
            if (first != null) throw first;
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
