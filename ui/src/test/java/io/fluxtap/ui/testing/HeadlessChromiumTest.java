package io.fluxtap.ui.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeadlessChromiumTest {

    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableWinsOverThePath() throws IOException {
        Path configured = executable(dir.resolve("custom/chrome"));
        Path onPath = executable(dir.resolve("bin/chromium"));

        Optional<Path> found = HeadlessChromium.findBinary(Map.of(
                HeadlessChromium.BINARY_ENV, configured.toString(), "PATH", onPath.getParent().toString()));

        assertEquals(Optional.of(configured), found);
    }

    @Test
    void aConfiguredBinaryThatDoesNotExistIsNotReplacedByAGuess() throws IOException {
        Path onPath = executable(dir.resolve("bin/chromium"));

        Optional<Path> found = HeadlessChromium.findBinary(Map.of(
                HeadlessChromium.BINARY_ENV, dir.resolve("missing").toString(), "PATH", onPath.getParent().toString()));

        assertEquals(Optional.empty(), found);
    }

    @Test
    void chromiumIsPreferredToChromiumBrowserAndNonExecutablesAreSkipped() throws IOException {
        Path first = dir.resolve("first");
        Files.createDirectories(first);
        Files.writeString(first.resolve("chromium"), "not executable");
        Path browser = executable(first.resolve("chromium-browser"));
        Path chromium = executable(dir.resolve("second/chromium"));
        String path = first + File.pathSeparator + chromium.getParent();

        assertEquals(Optional.of(chromium), HeadlessChromium.findBinary(Map.of("PATH", path)));
        Files.delete(chromium);
        assertEquals(Optional.of(browser), HeadlessChromium.findBinary(Map.of("PATH", path)));
    }

    @Test
    void nothingOnThePathIsNothingFound() {
        assertEquals(Optional.empty(), HeadlessChromium.findBinary(Map.of("PATH", dir.toString())));
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
