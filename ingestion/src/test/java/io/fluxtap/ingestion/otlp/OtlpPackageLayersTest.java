package io.fluxtap.ingestion.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #11's layering of the OTLP packages, read from the sources: {@code otlp.translate} knows no transport and
 * nothing of {@code otlp}; {@code otlp} (what both transports share) knows neither transport; the transports do not
 * reach into each other.
 */
class OtlpPackageLayersTest {

    private static final Path OTLP = Path.of("src/main/java/io/fluxtap/ingestion/otlp");
    private static final Pattern OTLP_IMPORT =
            Pattern.compile("^import (?:static )?io\\.fluxtap\\.ingestion\\.otlp\\.?([a-z]*)[^;]*;", Pattern.MULTILINE);

    @Test
    void translateDependsOnNoOtherOtlpPackage() throws IOException {
        assertEquals(List.of(), importsOutside("translate", List.of("translate")));
    }

    @Test
    void theSharedExportDependsOnTranslateOnly() throws IOException {
        assertEquals(List.of(), importsOutside("", List.of("", "translate")));
    }

    @Test
    void theTransportsDoNotReachIntoEachOther() throws IOException {
        assertEquals(List.of(), importsOutside("http", List.of("http", "", "translate")));
        assertEquals(List.of(), importsOutside("grpc", List.of("grpc", "", "translate")));
    }

    /** "file: import" for each import of an otlp package not in {@code allowed} ("" is otlp itself). */
    private static List<String> importsOutside(String pkg, List<String> allowed) throws IOException {
        Path dir = pkg.isEmpty() ? OTLP : OTLP.resolve(pkg);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertFalse(sources.isEmpty(), "no sources in " + dir.toAbsolutePath());
            return sources.stream().flatMap(f -> {
                Matcher m = OTLP_IMPORT.matcher(read(f));
                Stream.Builder<String> bad = Stream.builder();
                while (m.find()) {
                    if (!allowed.contains(m.group(1))) {
                        bad.add(f.getFileName() + ": " + m.group());
                    }
                }
                return bad.build();
            }).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
