package io.fluxtap.ui.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Drives the system's Chromium in headless mode for browser tests: one short-lived browser per call, each
 * with a fresh profile, so calls cannot influence each other (through a {@link BrowserSession}).
 *
 * <p>The binary is {@code $FLUXTAP_CHROMIUM} if set, else the first {@code chromium} or
 * {@code chromium-browser} on the PATH (Debian: {@code apt-get install chromium}).
 */
public final class HeadlessChromium {

    public static final String BINARY_ENV = "FLUXTAP_CHROMIUM";
    private static final List<String> BINARY_NAMES = List.of("chromium", "chromium-browser");
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 900;

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /**
     * @throws IllegalStateException when no Chromium can be found: a browser test must not pass without one
     */
    public static HeadlessChromium locate() {
        Path binary = findBinary(System.getenv()).orElseThrow(() -> new IllegalStateException(
                "no Chromium found: set " + BINARY_ENV + " or put chromium on the PATH (apt-get install chromium)"));
        return new HeadlessChromium(binary);
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

    /**
     * A browser kept open and driven through the DevTools protocol, for tests that act on a page (type, click,
     * switch the theme) rather than only read it. Close it when done.
     */
    public BrowserSession open(int width, int height) {
        return BrowserSession.start(binary, width, height, List.of());
    }

    /**
     * As {@link #open(int, int)}, trusting TLS certificates whose public keys are these (a server certificate made
     * at test time): Chromium's {@code --ignore-certificate-errors-spki-list}, which accepts exactly those keys and
     * still refuses any other certificate, unlike ignoring certificate errors altogether.
     */
    public BrowserSession openTrusting(int width, int height, List<java.security.cert.X509Certificate> servers) {
        List<String> pins = new java.util.ArrayList<>();
        for (java.security.cert.X509Certificate server : servers) {
            try {
                pins.add(java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(server.getPublicKey().getEncoded())));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return BrowserSession.start(binary, width, height,
                List.of("--ignore-certificate-errors-spki-list=" + String.join(",", pins)));
    }

    public Path binary() {
        return binary;
    }

    /**
     * Loads the page, waits until Vaadin has answered its requests (at most {@code settle}), and returns the
     * serialised DOM. Shadow roots are not included; light-DOM content such as Vaadin grid cells is.
     */
    public String dumpDom(URI page, Duration settle) {
        try (BrowserSession browser = open(WIDTH, HEIGHT)) {
            browser.navigate(page);
            awaitSettled(browser, settle);
            return dom(browser);
        }
    }

    /**
     * Loads the page once and reads its DOM until it satisfies {@code ready} or the deadline passes, and returns
     * the last DOM either way, so the caller's assertion shows what the page did render.
     *
     * <p>Driven through DevTools rather than {@code --dump-dom} with a virtual-time budget: the budget never runs
     * out while a request is pending, and a page with server push (the Logs page's live tail) always holds one.
     */
    public String awaitDom(URI page, Predicate<String> ready, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        try (BrowserSession browser = open(WIDTH, HEIGHT)) {
            browser.navigate(page);
            String dom = dom(browser);
            while (!ready.test(dom) && System.nanoTime() < end) {
                // The page's own pace between reads: an animation frame and a short timer, as BrowserSession.await.
                browser.eval("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))");
                dom = dom(browser);
            }
            return dom;
        }
    }

    /** Writes a PNG of the page as a {@code width} x {@code height} window shows it, once Vaadin has settled. */
    public Path screenshot(URI page, Path png, int width, int height, Duration settle) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.deleteIfExists(png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (BrowserSession browser = open(width, height)) {
            browser.navigate(page);
            awaitSettled(browser, settle);
            browser.screenshot(png);
        }
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("Chromium wrote no " + png);
        }
        return png;
    }

    /** Vaadin has started and has no request of its own outstanding (a held push request does not count). */
    private static void awaitSettled(BrowserSession browser, Duration settle) {
        browser.await("document.readyState === 'complete' && window.Vaadin && window.Vaadin.Flow"
                + " && window.Vaadin.Flow.clients && Object.keys(window.Vaadin.Flow.clients).length > 0"
                + " && !Object.values(window.Vaadin.Flow.clients).some(c => c.isActive())", settle);
        // Two frames for what the last answer changed to be laid out and painted.
        browser.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
    }

    private static String dom(BrowserSession browser) {
        return browser.eval("'<!DOCTYPE html>' + document.documentElement.outerHTML").asString();
    }
}
