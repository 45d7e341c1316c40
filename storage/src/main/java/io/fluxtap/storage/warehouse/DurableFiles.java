package io.fluxtap.storage.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;

/**
 * The steps that make a file survive a power cut: the file's bytes are forced by its writer
 * ({@link SyncedOutputFile}); a rename becomes durable only when the directory holding the new name is forced,
 * and a new directory only when its parent is.
 */
final class DurableFiles {

    private DurableFiles() {
    }

    /** Creates {@code dir} and its missing parents below {@code root}, forcing each parent that got a new entry. */
    static void createDirectories(Path root, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !parent.equals(root)) {
            createDirectories(root, parent);
        }
        Files.createDirectories(dir);
        if (parent != null) {
            forceDirectory(parent);
        }
    }

    /** Atomically gives {@code temp} its final name and forces the directory, so the name survives a crash. */
    static void publish(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(target.getParent());
    }

    static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            forceDirectory(file.getParent());
        }
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
