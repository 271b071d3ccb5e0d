package org.moca.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output preflight: before a command computes anything, the folder it will write must be usable, so that a run never
 * ends, minutes later, in a failure to save what it computed. Nothing is created here (a command that then fails on
 * its input leaves no empty folder behind); the folder itself is created when the outputs are written.
 */
final class Outputs {

    private Outputs() {}

    /**
     * Checks that {@code dir} (given as {@code option}) is a directory or can be created as one, and that files can be
     * created in it or in its nearest existing ancestor.
     *
     * @throws IllegalArgumentException when {@code dir}, or the ancestor it would be created under, is an existing file
     *     (an input error)
     * @throws IOException when the folder cannot be written (permissions, a read-only file system: an environment
     *     fault)
     */
    static void preflight(Path dir, String option) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(
                    option + " " + dir + " is an existing file; expected a directory (it is" + " created if missing)");
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) throw new IOException(option + " " + dir + ": no existing ancestor directory");
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException(option + " " + dir + " cannot be created: " + existing
                    + " is an existing file; expected a directory");
        }
        // the only reliable test (permission bits say nothing for root, ACLs, read-only mounts): create and delete
        try {
            Path probe = Files.createTempFile(existing, ".moca-preflight-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException(
                    option + " " + dir + ": cannot write in " + existing + " (" + reason(e) + ") - nothing was run", e);
        }
    }

    /** A short reason for an I/O failure: the file system's own words, without the Java class name. */
    static String reason(Throwable e) {
        if (e instanceof FileSystemException f) {
            String why = f.getReason() != null ? f.getReason() : kind(f);
            return f.getFile() == null ? why : f.getFile() + ": " + why;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String kind(FileSystemException f) {
        // "AccessDeniedException" -> "access denied"
        String name = f.getClass().getSimpleName().replace("Exception", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
