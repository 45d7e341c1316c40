package io.fluxtap.ingestion.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fresh directories for WAL files. They go under {@code fluxtap.bench.dir} (the run script points it at the
 * module's target/, on the same disk as ./data) and not under /tmp, which may be tmpfs: an fsync there costs
 * nothing and the figures would say nothing about the disk.
 */
final class BenchDirs {

    static final String DIR_PROPERTY = "fluxtap.bench.dir";

    private BenchDirs() {
    }

    static Path fresh(String prefix) {
        try {
            Path base = Path.of(System.getProperty(DIR_PROPERTY, "target/bench")).toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
