package io.fluxtap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directories a test fixture makes for itself (JUnit's {@code @TempDir} serves only the test class's own fields). */
public final class TempDirs {

    private TempDirs() {
    }

    /** Deletes the directory and everything under it; nothing when it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
