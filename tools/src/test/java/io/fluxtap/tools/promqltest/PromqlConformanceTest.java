package io.fluxtap.tools.promqltest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prometheus' own PromQL test files, run through the engine; exactly the cases listed as known-failing fail. */
class PromqlConformanceTest {

    private static final String PATH_PROPERTY = "fluxtap.conformance.promql";

    private static Path conformanceDir() {
        String configured = System.getProperty(PATH_PROPERTY);
        Path dir = configured != null ? Path.of(configured) : Path.of("../../shared/conformance/promql");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("../shared/conformance/promql");
        }
        assertTrue(Files.isDirectory(dir), "Prometheus test files missing: expected ../../shared/conformance/promql "
                + "relative to tools/ (or -D" + PATH_PROPERTY + "=<dir>), looked in " + dir.toAbsolutePath());
        return dir;
    }

    private static Set<String> knownFailing() throws IOException {
        try (InputStream in = PromqlConformanceTest.class.getResourceAsStream("known-failing.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Set<String> ids = new TreeSet<>();
            for (String line : text.split("\n")) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    ids.add(t);
                }
            }
            return ids;
        }
    }

    @Test
    void exactlyTheKnownCasesFail() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(conformanceDir())) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertTrue(files.size() >= 12, "expected Prometheus' test files, found " + files);
        PromqlTestRunner runner = new PromqlTestRunner();
        Set<String> failing = new TreeSet<>();
        List<String> details = new ArrayList<>();
        int passed = 0;
        for (Path file : files) {
            PromqlTestRunner.FileResult result = runner.run(file);
            passed += result.passed();
            for (PromqlTestRunner.CaseFailure f : result.failures()) {
                failing.add(f.id());
                details.add(f.id() + ": " + f.expr() + ": " + f.reason());
            }
        }
        assertEquals(knownFailing(), failing, "failing cases differ from known-failing.txt:\n" + String.join("\n", details));
        // The core files hold well over 700 float cases; a runner that silently skips them must not pass.
        assertTrue(passed > 700, "only " + passed + " cases passed");
    }

    @Test
    void aFileWithAWrongExpectationReportsThatCase(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("wrong.test");
        Files.writeString(file, """
                load 1m
                  up{job="a"} 1+1x10

                eval instant at 5m up
                  up{job="a"} 6

                eval instant at 5m up
                  up{job="a"} 7

                eval instant at 5m up{{
                  expect fail

                eval instant at 5m histogram_count(up)
                """);
        PromqlTestRunner.FileResult result = new PromqlTestRunner().run(file);
        assertEquals(2, result.passed());
        assertEquals(1, result.failed());
        assertEquals(1, result.skipped());
        assertEquals("wrong.test:7", result.failures().get(0).id());
    }

    @Test
    void anInstantEvalIsAlsoCheckedPinnedAndInRangeMode(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("variants.test");
        Files.writeString(file, """
                load 1m
                  up{job="a"} 1+1x10

                eval instant at 5m up
                  up{job="a"} 6

                eval instant at 5m timestamp(up)
                  {job="a"} 300

                eval range from 0 to 2m step 1m up
                  up{job="a"} 1 2 3
                """);
        PromqlTestRunner.FileResult result = new PromqlTestRunner().run(file);
        assertEquals(3, result.passed(), result.failures().toString());
        // up: itself and 5 pinned variants, each instant plus range mode; timestamp(): no variants; range: one.
        assertEquals(12 + 2 + 1, result.queries());
    }
}
