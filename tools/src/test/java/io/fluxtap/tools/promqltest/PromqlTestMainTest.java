package io.fluxtap.tools.promqltest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line of {@code fluxtap promql-test}: exit statuses, output lines, help. */
class PromqlTestMainTest {

    @TempDir
    Path dir;

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PromqlTestMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aPassingFileExitsZeroAndPrintsPerFileCounts() throws IOException {
        Path ok = file("ok.test", """
                load 1m
                  up{job="a"} 1+1x10

                eval instant at 5m up
                  up{job="a"} 6
                """);

        Outcome outcome = run("--per-file", ok.toString());

        assertEquals(PromqlTestMain.EXIT_PASSED, outcome.status(), outcome.err());
        assertTrue(outcome.out().contains("ok.test: 1 passed, 0 failed, 0 skipped"), outcome.out());
        assertTrue(outcome.out().strip().endsWith("1 passed, 0 failed, 0 skipped"), outcome.out());
    }

    @Test
    void aFailingCaseExitsOneAndIsNamedByFileAndLine() throws IOException {
        Path wrong = file("wrong.test", """
                load 1m
                  x{job="a"} 1 2 3

                eval instant at 2m x * 2
                  {job="a"} 5
                """);

        Outcome outcome = run(wrong.toString());

        assertEquals(PromqlTestMain.EXIT_FAILED, outcome.status());
        assertTrue(outcome.out().startsWith("wrong.test:4: x * 2: "), outcome.out());
        assertTrue(outcome.out().strip().endsWith("0 passed, 1 failed, 0 skipped"), outcome.out());
    }

    @Test
    void noFileIsABadCommandLine() {
        Outcome outcome = run();

        assertEquals(PromqlTestMain.EXIT_BAD_INPUT, outcome.status());
        assertTrue(outcome.err().startsWith("promql-test: ") && outcome.err().contains("FILE"), outcome.err());
        assertEquals(2, outcome.err().lines().count(), outcome.err());
        assertEquals("", outcome.out());
    }

    @Test
    void anUnknownOptionIsABadCommandLine() {
        Outcome outcome = run("--per-fiel", "a.test");

        assertEquals(PromqlTestMain.EXIT_BAD_INPUT, outcome.status());
        assertTrue(outcome.err().startsWith("promql-test: ") && outcome.err().contains("--per-fiel"), outcome.err());
    }

    @Test
    void anUnreadableFileExitsTwo() {
        Outcome outcome = run(dir.resolve("missing.test").toString());

        assertEquals(PromqlTestMain.EXIT_BAD_INPUT, outcome.status());
        assertTrue(outcome.err().contains("promql-test: cannot read "), outcome.err());
    }

    @Test
    void helpPrintsTheUsage() {
        Outcome outcome = run("--help");

        assertEquals(PromqlTestMain.EXIT_PASSED, outcome.status());
        assertTrue(outcome.out().startsWith("usage: fluxtap promql-test [--per-file] FILE..."), outcome.out());
        assertTrue(outcome.out().contains("--per-file"), outcome.out());
    }
}
