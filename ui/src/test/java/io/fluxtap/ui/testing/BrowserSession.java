package io.fluxtap.ui.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One headless Chromium kept open and driven through the DevTools protocol (CDP) over its WebSocket: navigate,
 * evaluate JavaScript, type, click with real input events, switch the colour-scheme preference, take screenshots.
 * Meant for one per test class ({@code @BeforeAll}): starting Chromium costs about a second, a navigation far less.
 *
 * <p>Hand-written rather than Selenium or Playwright: neither resolves from the reachable Maven mirror with its
 * drivers, and the few CDP commands used here fit in this class (the JDK's WebSocket and Jackson do the rest).
 */
public final class BrowserSession implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Also kept in the page as {@code window.fluxtapCspViolations}, for a test to read. */
    private static final String CSP_REPORTER = "window.fluxtapCspViolations = [];"
            + " document.addEventListener('securitypolicyviolation', e => {"
            + " const text = 'CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')"
            + " + ' at ' + e.sourceFile + ':' + e.lineNumber;"
            + " window.fluxtapCspViolations.push(text); setTimeout(() => { throw new Error(text); }); });";

    private final Process process;
    private final Path work;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> exceptions = new CopyOnWriteArrayList<>();
    /** The next CDP event of each method a caller waits for ({@link #nextEvent}), completed with its params. */
    private final Map<String, CompletableFuture<JsonNode>> awaitedEvents = new ConcurrentHashMap<>();

    private BrowserSession(Process process, Path work, WebSocket socket) {
        this.process = process;
        this.work = work;
        this.socket = socket;
    }

    static BrowserSession start(Path binary, int width, int height) {
        return start(binary, width, height, List.of());
    }

    /** @param extraArguments more Chromium switches, e.g. {@code --ignore-certificate-errors-spki-list=...} */
    static BrowserSession start(Path binary, int width, int height, List<String> extraArguments) {
        Path work;
        try {
            work = Files.createTempDirectory("fluxtap-cdp-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = null;
        try {
            Path stderr = work.resolve("stderr");
            List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0",
                    "--window-size=" + width + "," + height,
                    "--user-data-dir=" + Files.createDirectory(work.resolve("profile"))));
            command.addAll(extraArguments);
            command.add("about:blank");
            process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .start();
            URI browser = awaitEndpoint(process, stderr);
            URI page = pageTarget(browser);
            BrowserSession[] self = new BrowserSession[1];
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(page, new Listener(message -> self[0].received(message)))
                    .get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new BrowserSession(process, work, socket);
            self[0].send("Page.enable", Map.of());
            self[0].send("Runtime.enable", Map.of());
            // A Content-Security-Policy violation (the dashboard's headers) becomes an uncaught exception, so every
            // test that checks exceptions() also checks that the policy lets the page run.
            self[0].send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_REPORTER));
            self[0].resize(width, height);
            return self[0];
        } catch (IOException | ExecutionException | TimeoutException e) {
            kill(process);
            throw new IllegalStateException("cannot start Chromium with DevTools: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IllegalStateException(e);
        }
    }

    private static URI awaitEndpoint(Process process, Path stderr) throws IOException, InterruptedException {
        long end = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = LISTENING.matcher(Files.readString(stderr, StandardCharsets.UTF_8));
            if (m.find()) {
                return URI.create(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            // Chromium prints the endpoint once, a few hundred ms after start; waiting on its output file.
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("Chromium printed no DevTools endpoint within " + COMMAND_TIMEOUT);
    }

    private static URI pageTarget(URI browser) throws IOException, InterruptedException {
        URI list = URI.create("http://" + browser.getAuthority() + "/json/list");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(list).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(response.body())) {
            if ("page".equals(target.path("type").asString())) {
                return URI.create(target.path("webSocketDebuggerUrl").asString());
            }
        }
        throw new IllegalStateException("Chromium has no page target: " + response.body());
    }

    /** Sends a CDP command and returns its {@code result}. */
    public JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).join();
        try {
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
        } else if ("Runtime.exceptionThrown".equals(message.path("method").asString())) {
            exceptions.add(message.path("params").path("exceptionDetails").toString());
        } else {
            CompletableFuture<JsonNode> awaited = awaitedEvents.remove(message.path("method").asString());
            if (awaited != null) {
                awaited.complete(message.path("params"));
            }
        }
    }

    /**
     * Loads the page and waits until the new document has loaded (Vaadin renders after that: use {@link #await}).
     * The old document is marked first: navigating to the address already shown would otherwise count the old
     * document, still up while the new one loads, as loaded (a page holding a push request unloads slowly).
     */
    public void navigate(URI page) {
        eval("window.fluxtapLeftPage = true");
        send("Page.navigate", Map.of("url", page.toString()));
        await("!window.fluxtapLeftPage && document.readyState === 'complete' && location.href === "
                + JSON.writeValueAsString(page.toString()), COMMAND_TIMEOUT);
    }

    /** Evaluates an expression in the page and returns its JSON value (promises are awaited). */
    public JsonNode eval(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + expression + "\n" + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Polls {@code expression} in the page until it is truthy, and returns its value.
     *
     * @throws AssertionError with the page's text when the deadline passes
     */
    public JsonNode await(String expression, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        // Only JSON comes back: an element (truthy) becomes true, since CDP cannot serialise a DOM node by value.
        String guarded = "(() => { try { const v = (" + expression + "); return v instanceof Node ? true : v || null; }"
                + " catch (e) { return null; } })()";
        while (true) {
            JsonNode value = evalAcrossNavigation(guarded);
            if (value != null && !value.isNull() && !value.isMissingNode()
                    && !(value.isBoolean() && !value.asBoolean())) {
                return value;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the page never satisfied [" + expression + "] within " + deadline
                        + "; it shows:\n" + text());
            }
            // Between polls the page runs on; an animation frame is the browser's own pace.
            evalAcrossNavigation("new Promise(r => requestAnimationFrame(() => setTimeout(r, 20)))");
        }
    }

    /**
     * {@link #eval}, but null when the page navigated away meanwhile (a sign-out sets {@code location} itself): the
     * old document's context is gone, and the next poll asks the new one.
     */
    private JsonNode evalAcrossNavigation(String expression) {
        try {
            return eval(expression);
        } catch (IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Inspected target navigated or closed") || message.contains("Cannot find context")
                    || message.contains("Execution context was destroyed")) {
                return null;
            }
            throw e;
        }
    }

    /** The visible text of the page (light DOM and open shadow roots of Vaadin components included). */
    public String text() {
        return eval("""
                (function walk(node) {
                  let out = '';
                  if (node.shadowRoot) { out += walk(node.shadowRoot); }
                  for (const child of node.childNodes) {
                    if (child.nodeType === 3) { out += child.textContent; }
                    else if (child.nodeType === 1 || child.nodeType === 11) {
                      const tag = child.tagName;
                      if (tag !== 'SCRIPT' && tag !== 'STYLE') { out += walk(child) + (child.nodeType === 1 ? ' ' : ''); }
                    }
                  }
                  return out;
                })(document.body).replace(/\\s+/g, ' ')""").asString();
    }

    /** Clicks the middle of the first element matching {@code selector}, with real mouse events. */
    public void click(String selector) {
        // The point is taken once two polls find the element in the same place and on top there: a layout still
        // settling (the drawer coming in) moved a button after its place was read, and the click opened a
        // navigation link instead (a clean-clone run's SqlConsoleBrowserTest landed on the Logs page).
        JsonNode box = await("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector)
                + "); if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " if (r.width <= 0) return null; const x = r.x + r.width / 2, y = r.y + r.height / 2;"
                + " const place = [r.x, r.y, r.width, r.height].join(), settled = window.fluxtapClickPlace === place;"
                + " window.fluxtapClickPlace = place; const top = document.elementFromPoint(x, y);"
                + " return settled && top && (top === e || e.contains(top) || top.contains(e)) ? {x: x, y: y} : null;"
                + " })()", COMMAND_TIMEOUT);
        clickAt(box.get("x").asDouble(), box.get("y").asDouble());
    }

    /** Moves the mouse to a point without pressing, as a person hovering there. */
    public void hover(double x, double y) {
        mouse("mouseMoved", x, y, 0);
    }

    public void clickAt(double x, double y) {
        press(x, y);
        release(x, y);
    }

    /** Moves the mouse to a point and presses the left button there, to be let go by {@link #release}. */
    public void press(double x, double y) {
        mouse("mouseMoved", x, y, 0);
        mouse("mousePressed", x, y, 1);
    }

    public void release(double x, double y) {
        mouse("mouseReleased", x, y, 1);
    }

    /** Presses at one point, moves to another and releases: a drag selection. */
    public void drag(double fromX, double fromY, double toX, double toY) {
        mouse("mouseMoved", fromX, fromY, 0);
        mouse("mousePressed", fromX, fromY, 1);
        for (int i = 1; i <= 5; i++) {
            mouse("mouseMoved", fromX + (toX - fromX) * i / 5, fromY + (toY - fromY) * i / 5, 1);
        }
        mouse("mouseReleased", toX, toY, 1);
    }

    /**
     * Drags with the mouse from one point and drops at another, as HTML5 drag and drop: the page sees
     * {@code dragstart} on the element pressed, then {@code dragenter}, {@code dragover} and {@code drop} on the one
     * under the end point, and {@code dragend}. The press and moves are real mouse events and start the page's own
     * drag; the drag is then intercepted ({@code Input.setInterceptDrags}): Chromium hands the dragged data over
     * ({@code Input.dragIntercepted}) and {@code Input.dispatchDragEvent} carries it to the drop point, as
     * Puppeteer's drag-and-drop does. Mouse events alone also dropped once in Chromium 156's headless mode, but there
     * the browser runs the drag session on its own after the release; with interception each drag step is a CDP
     * command that returns once the page has handled it, so the test knows the drop has happened in the page.
     *
     * @throws AssertionError when the page started no drag (nothing draggable at the start point)
     */
    public void dragAndDrop(double fromX, double fromY, double toX, double toY) {
        CompletableFuture<JsonNode> intercepted = new CompletableFuture<>();
        awaitedEvents.put("Input.dragIntercepted", intercepted);
        send("Input.setInterceptDrags", Map.of("enabled", true));
        try {
            mouse("mouseMoved", fromX, fromY, 0);
            mouse("mousePressed", fromX, fromY, 1);
            // Several moves: Chromium starts a drag only once the pointer has left a few pixels' threshold.
            for (int i = 1; i <= 5; i++) {
                mouse("mouseMoved", fromX + (toX - fromX) * i / 5, fromY + (toY - fromY) * i / 5, 1);
            }
            JsonNode data;
            try {
                data = intercepted.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS).path("data");
            } catch (TimeoutException e) {
                throw new AssertionError("no drag started at " + fromX + "," + fromY + " within " + COMMAND_TIMEOUT);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            for (String type : List.of("dragEnter", "dragOver", "drop")) {
                send("Input.dispatchDragEvent", Map.of("type", type, "x", toX, "y", toY, "data", data));
            }
            mouse("mouseReleased", toX, toY, 1);
        } finally {
            awaitedEvents.remove("Input.dragIntercepted");
            send("Input.setInterceptDrags", Map.of("enabled", false));
        }
    }

    private void mouse(String type, double x, double y, int clicks) {
        send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", clicks > 0 ? "left" : "none",
                "buttons", clicks > 0 && !"mouseReleased".equals(type) ? 1 : 0, "clickCount", clicks));
    }

    /** Focuses the element (a Vaadin field's input inside it), types the text and presses Enter. */
    public void typeAndEnter(String selector, String text) {
        click(selector);
        eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector)
                + "); const i = e.inputElement || e.querySelector('input') || e; i.focus(); i.select && i.select(); })()");
        send("Input.insertText", Map.of("text", text));
        key("Enter", 13);
    }

    /** Focuses the element (a Vaadin field's input inside it) with the caret at the end and types the text there. */
    public void type(String selector, String text) {
        click(selector);
        eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector)
                + "); const i = e.inputElement || e.querySelector('input') || e; i.focus();"
                + " i.setSelectionRange && i.setSelectionRange(i.value.length, i.value.length); })()");
        send("Input.insertText", Map.of("text", text));
    }

    public void key(String key, int code) {
        for (String type : List.of("keyDown", "keyUp")) {
            send("Input.dispatchKeyEvent", Map.of("type", type, "key", key, "code", key,
                    "windowsVirtualKeyCode", code, "text", "Enter".equals(key) && "keyDown".equals(type) ? "\r" : ""));
        }
    }

    /** What {@code prefers-color-scheme} answers from now on: {@code light} or {@code dark}. */
    public void preferColorScheme(String scheme) {
        send("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme",
                "value", scheme))));
    }

    public void resize(int width, int height) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** Writes a PNG of the viewport. */
    public Path screenshot(Path png) {
        String data = send("Page.captureScreenshot", Map.of("format", "png")).path("data").asString();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png;
    }

    /** Uncaught script exceptions the page reported so far (each as CDP's JSON). */
    public List<String> exceptions() {
        return List.copyOf(exceptions);
    }

    @Override
    public void close() {
        socket.abort();
        kill(process);
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void kill(Process process) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reassembles fragmented WebSocket text frames into whole CDP messages. */
    private record Listener(Consumer<String> onMessage, StringBuilder buffer) implements WebSocket.Listener {

        Listener(Consumer<String> onMessage) {
            this(onMessage, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String message = buffer.toString();
                buffer.setLength(0);
                onMessage.accept(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
