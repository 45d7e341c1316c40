package io.fluxtap.ui.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Drives the system's Chromium in headless mode for browser tests: one short-lived browser per call, each
 * with a fresh profile, so calls cannot influence each other.
 *
 * <p>The binary is {@code $FLUXTAP_CHROMIUM} if set, else the first {@code chromium} or
 * {@code chromium-browser} on the PATH (Debian: {@code apt-get install chromium}).
 */
public final class HeadlessChromium {

    public static final String BINARY_ENV = "FLUXTAP_CHROMIUM";
    private static final List<String> BINARY_NAMES = List.of("chromium", "chromium-browser");
    private static final Duration DEFAULT_PROCESS_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEFAULT_VIRTUAL_TIME = Duration.ofSeconds(10);

    private final Path binary;
    private final Duration processTimeout;

    private HeadlessChromium(Path binary, Duration processTimeout) {
        this.binary = binary;
        this.processTimeout = processTimeout;
    }

    /**
     * @throws IllegalStateException when no Chromium can be found: a browser test must not pass without one
     */
    public static HeadlessChromium locate() {
        Path binary = findBinary(System.getenv()).orElseThrow(() -> new IllegalStateException(
                "no Chromium found: set " + BINARY_ENV + " or put chromium on the PATH (apt-get install chromium)"));
        return new HeadlessChromium(binary, DEFAULT_PROCESS_TIMEOUT);
    }

    /** The binary {@link #locate()} would use, given these environment variables. */
    public static Optional<Path> findBinary(Map<String, String> environment) {
        String configured = environment.get(BINARY_ENV);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = environment.getOrDefault("PATH", "");
        for (String name : BINARY_NAMES) {
            for (String directory : searchPath.split(File.pathSeparator)) {
                if (!directory.isEmpty()) {
                    Path candidate = Path.of(directory, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The longest one browser run may take before it is killed. */
    public HeadlessChromium withProcessTimeout(Duration timeout) {
        return new HeadlessChromium(binary, timeout);
    }

    /**
     * A browser kept open and driven through the DevTools protocol, for tests that act on a page (type, click,
     * switch the theme) rather than only read it. Close it when done.
     */
    public BrowserSession open(int width, int height) {
        return BrowserSession.start(binary, width, height);
    }

    public Path binary() {
        return binary;
    }

    /**
     * Loads the page, lets its scripts run for up to {@code virtualTime} of the browser's virtual clock
     * (which skips idle waits), and returns the serialised DOM. Shadow roots are not included; light-DOM
     * content such as Vaadin grid cells is.
     */
    public String dumpDom(URI page, Duration virtualTime) {
        return run(page, virtualTime, List.of("--dump-dom"));
    }

    /**
     * Loads the page again and again until its DOM satisfies {@code ready} or the deadline passes, and
     * returns the last DOM either way, so the caller's assertion shows what the page did render.
     */
    public String awaitDom(URI page, Predicate<String> ready, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        String dom = dumpDom(page, DEFAULT_VIRTUAL_TIME);
        while (!ready.test(dom) && System.nanoTime() < end) {
            dom = dumpDom(page, DEFAULT_VIRTUAL_TIME);
        }
        return dom;
    }

    /** Writes a PNG of the page as a {@code width} x {@code height} window shows it. */
    public Path screenshot(URI page, Path png, int width, int height, Duration virtualTime) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.deleteIfExists(png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(page, virtualTime, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("Chromium exited without writing " + png);
        }
        return png;
    }

    private String run(URI page, Duration virtualTime, List<String> task) {
        Path work = createTempDirectory();
        try {
            Path profile = Files.createDirectory(work.resolve("profile"));
            Path stdout = work.resolve("stdout");
            Path stderr = work.resolve("stderr");
            List<String> command = new ArrayList<>(List.of(binary.toString(),
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + profile,
                    "--virtual-time-budget=" + virtualTime.toMillis()));
            command.addAll(task);
            command.add(page.toString());
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(processTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("Chromium did not finish " + page + " within " + processTimeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + " for " + page
                        + ":\n" + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Chromium loaded " + page, e);
        } finally {
            deleteRecursively(work);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("fluxtap-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
