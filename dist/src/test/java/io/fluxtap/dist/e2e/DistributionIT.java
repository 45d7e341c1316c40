package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution as a user runs it: {@code bin/fluxtap} in a separate process, the README's
 * examples (a first log, a trace, a metric, business messages) pasted into a shell, then SIGTERM, then a restart
 * that still has the data.
 */
class DistributionIT {

    @TempDir
    Path workDir;

    @Test
    void readmeExampleLogIsServedAndSurvivesACleanRestart() throws Exception {
        Path distribution = FluxtapProcess.distribution();
        assertTrue(Files.isExecutable(distribution.resolve("bin/fluxtap")), "launcher in " + distribution);
        assertTrue(Files.isRegularFile(distribution.resolve("conf/fluxtap.properties")));
        assertTrue(Files.isRegularFile(distribution.resolveSibling(distribution.getFileName() + ".tar.gz")),
                "the distribution archive is built too");

        ReadmeExample example = ReadmeExample.from(Path.of(System.getProperty("fluxtap.readme")));

        // Exports every second and sweeps retention every two: an example dated in the past (a closed hour, older
        // than the retention) would be exported at once and deleted by the next sweep, as it was for users.
        Map<String, String> fastMaintenance = Map.of("FLUXTAP_WAREHOUSE_EXPORT_INTERVAL", "1s",
                "FLUXTAP_RETENTION_INTERVAL", "2s");
        try (FluxtapProcess server = FluxtapProcess.start(workDir, fastMaintenance)) {
            runAsPasted(example.script(), server);
            URI logs = server.api("/api/v1/logs?entity_name=" + example.service());
            JsonNode found = TestHttp.await(Duration.ofSeconds(20), () -> json(get(logs)).get("logs"), l -> l.size() == 1);
            assertEquals(example.body(), found.get(0).get("body").asText());
            assertEquals(200, get(server.dashboard()).statusCode(), "dashboard answers");
            // The index at the banner's first URL points at sections of the installed README: each is a heading there.
            JsonNode docs = json(get(server.api("/"), "Accept", "application/json")).get("docs");
            java.util.Set<String> anchors = headingAnchors(Files.readString(distribution.resolve("README.md")));
            assertTrue(docs.size() > 0, docs.toString());
            docs.forEach(doc -> assertTrue(anchors.contains(doc.asText().replaceFirst("^README\\.md#", "")),
                    doc.asText() + " is a heading of the installed README: " + anchors));

            String readme = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
            runAsPasted(block(readme, "trace"), server);
            JsonNode span = TestHttp.await(Duration.ofSeconds(20),
                    () -> json(get(server.api("/api/v1/traces/5b8efff798038103d269b633813fc60c"))).path("spans"),
                    spans -> spans.size() == 1).get(0);
            assertEquals("GET /cart", span.get("name").asText());
            assertEquals(250_000_000L, span.get("duration_ns").asLong());

            runAsPasted(block(readme, "metric"), server);
            JsonNode sample = TestHttp.await(Duration.ofSeconds(20),
                    () -> json(get(server.api("/api/v1/metrics/samples?name=orders_placed_total"))).path("samples"),
                    samples -> samples.size() == 1).get(0);
            assertEquals(42.0, sample.get("value").asDouble());
            assertEquals("eu", sample.get("labels").get("region").asText());
            assertEquals("checkout", sample.get("labels").get("job").asText());

            String accepted = runAsPasted(block(readme, "message"), server);
            assertTrue(accepted.contains("\"accepted\":2"), accepted);
            JsonNode messages = TestHttp.await(Duration.ofSeconds(20),
                    () -> json(get(server.api("/api/v1/messages/fluxSpec/visa-v1"))).path("messages"),
                    found2 -> found2.size() == 2);
            assertEquals("EUR", messages.get(0).get("promoted").get("currency").asText());

            // The examples must still answer once a retention sweep has run after they were stored.
            long sweeps = sweeps(server);
            TestHttp.await(Duration.ofSeconds(30), () -> sweeps(server), count -> count > sweeps);
            assertEquals(1, json(get(server.api("/api/v1/traces/5b8efff798038103d269b633813fc60c"))).path("spans").size(),
                    "the README's trace after a retention sweep");
            assertEquals(1, json(get(server.api("/api/v1/metrics/samples?name=orders_placed_total"))).path("samples").size(),
                    "the README's metric after a retention sweep");
            assertEquals(1, json(get(logs)).get("logs").size(), "the README's log after a retention sweep");
            assertEquals(2, json(get(server.api("/api/v1/messages/fluxSpec/visa-v1"))).path("messages").size(),
                    "the README's messages after a retention sweep");

            int exit = server.terminate();
            assertEquals(143, exit, "SIGTERM ends the JVM through its shutdown hooks\n" + server.output());
            assertFalse(server.output().contains("SEVERE"), server.output());
        }

        try (FluxtapProcess again = FluxtapProcess.start(workDir, Map.of())) {
            URI logs = again.api("/api/v1/logs?entity_name=" + example.service());
            JsonNode found = json(get(logs)).get("logs");
            assertEquals(1, found.size(), "the log stored before the restart is still there, once");
            again.terminate();
        }
    }

    /** GitHub's anchors of the Markdown headings: lower case, punctuation dropped, spaces as dashes. */
    private static java.util.Set<String> headingAnchors(String markdown) {
        java.util.Set<String> anchors = new java.util.HashSet<>();
        Matcher heading = Pattern.compile("(?m)^#+ (.+)$").matcher(markdown);
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    /** {@code fluxtap_retention_sweeps_total} from {@code /metrics}, 0 before the first sweep. */
    private static long sweeps(FluxtapProcess server) {
        Matcher m = Pattern.compile("(?m)^fluxtap_retention_sweeps_total(?:\\{[^}]*})? ([0-9.eE+]+)")
                .matcher(get(server.api("/metrics")).body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * The distribution ships a README written for its own layout: every relative link and every path it names
     * exists in the built distribution (no DESIGN.md, no ../shared, no dist/target), and its examples are the
     * ones the repository README has (which the test above runs).
     */
    @Test
    void theInstalledReadmeNamesOnlyWhatTheDistributionHas() throws Exception {
        Path distribution = FluxtapProcess.distribution();
        Path installed = distribution.resolve("README.md");
        assertTrue(Files.isRegularFile(installed), "README.md in " + distribution);
        String text = Files.readString(installed);
        java.util.List<String> missing = new java.util.ArrayList<>();
        int checked = 0;
        for (String path : namedPaths(text)) {
            checked++;
            if (!Files.exists(distribution.resolve(path).normalize())
                    || !distribution.resolve(path).normalize().startsWith(distribution)) {
                missing.add(path);
            }
        }
        assertTrue(missing.isEmpty(), "named by the installed README but not in the distribution: " + missing);
        assertTrue(checked >= 5, "the README names the distribution's files (bin/fluxtap, conf/...): " + checked);
        for (String forbidden : new String[] {"../shared", "dist/target", "DESIGN.md", "BENCHMARKS.md", "./mvnw"}) {
            assertFalse(text.contains(forbidden), "the installed README mentions " + forbidden);
        }

        String repository = Files.readString(Path.of(System.getProperty("fluxtap.readme")));
        for (String name : new String[] {"first-log", "trace", "metric", "message", "alert", "amtool", "alerting-reload", "levels",
                "access-control", "offline-token", "dashboard-login", "loggers", "tls"}) {
            assertEquals(block(repository, name), block(text, name), "the " + name + " example is the same in both READMEs");
        }
    }

    /**
     * Relative targets of Markdown links ({@code [text](path)}, anchors cut off) and inline code that names a
     * file of the installation ({@code `bin/...`}, {@code `conf/...`}, {@code `lib/...`}). {@code data/...} is made by
     * the first start, so it is not looked for.
     */
    static java.util.List<String> namedPaths(String markdown) {
        java.util.List<String> paths = new java.util.ArrayList<>();
        Matcher link = Pattern.compile("\\]\\(([^)\\s]+)\\)").matcher(markdown);
        while (link.find()) {
            String target = link.group(1);
            if (!target.matches("[a-z]+:.*") && !target.startsWith("#")) {
                paths.add(target.replaceAll("#.*$", ""));
            }
        }
        Matcher code = Pattern.compile("`((?:bin|conf|lib)/[^`\\s*]*)[`\\s]").matcher(markdown);
        while (code.find()) {
            paths.add(code.group(1));
        }
        return paths;
    }

    /**
     * {@code bin/fluxtap promql-test} runs Prometheus' test files (read in place from ../shared/conformance/promql):
     * one line per failing case, a closing count line, exit status 1 only when a case failed.
     */
    @Test
    void promqlTestCommandRunsPrometheusTestFiles() throws Exception {
        Path launcher = FluxtapProcess.distribution().resolve("bin/fluxtap");
        Path files = Path.of("../../shared/conformance/promql").toAbsolutePath().normalize();
        Command passing = run(launcher.toString(), "promql-test",
                files.resolve("literals.test").toString(), files.resolve("staleness.test").toString());
        assertEquals(0, passing.exitCode(), passing.output());
        Matcher summary = Pattern.compile("(?m)^(\\d+) passed, 0 failed, (\\d+) skipped$").matcher(passing.output());
        assertTrue(summary.find() && Integer.parseInt(summary.group(1)) > 0, passing.output());

        Path wrong = workDir.resolve("wrong.test");
        Files.writeString(wrong, """
                load 1m
                  x{job="a"} 1 2 3

                eval instant at 2m x
                  x{job="a"} 3

                eval instant at 2m x * 2
                  {job="a"} 5
                """);
        Command failing = run(launcher.toString(), "promql-test", wrong.toString());
        assertEquals(1, failing.exitCode(), failing.output());
        assertTrue(failing.output().contains("wrong.test:7"), "the failing case is named by file and line: "
                + failing.output());
        assertTrue(failing.output().strip().endsWith("1 passed, 1 failed, 0 skipped"), failing.output());
    }

    /**
     * {@code bin/fluxtap rules check} and {@code rules test} through the launcher, beside Debian's promtool 2.42 on the
     * same files (run from the files' directory, so both name them alike): the same output and exit status, 0 for a
     * good file and 1 for a bad one with promtool's message.
     */
    @Test
    void rulesCheckAndTestCommandsAnswerAsPromtool() throws Exception {
        Path launcher = FluxtapProcess.distribution().resolve("bin/fluxtap");
        Files.writeString(workDir.resolve("good.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: HighErrors
                        expr: errors > 10
                        for: 1m
                        labels:
                          severity: page
                      - record: job:errors:sum
                        expr: sum by (job) (errors)
                """);
        // Errors both parsers word alike: the engine's PromQL parser has its own words for some lexer errors
        // (promtool's "unclosed left parenthesis" is "unexpected end of input in aggregation, expected \")\"" here),
        // and names like "not a metric name" are valid UTF-8 names for the fixtures' Prometheus, not for 2.42.
        Files.writeString(workDir.resolve("bad.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: Broken
                        expr: errors +
                      - record: job:up:sum
                        expr: sum(up)
                        for: 5m
                """);
        String unitTest = """
                rule_files: [good.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'errors{job="api"}'
                        values: '20x5'
                    alert_rule_test:
                      - eval_time: 2m
                        alertname: HighErrors
                        exp_alerts:
                          - exp_labels: {severity: SEVERITY, job: api}
                    promql_expr_test:
                      - expr: job:errors:sum
                        eval_time: 2m
                        exp_samples:
                          - labels: 'job:errors:sum{job="api"}'
                            value: 20
                """;
        Files.writeString(workDir.resolve("good.test.yml"), unitTest.replace("SEVERITY", "page"));
        Files.writeString(workDir.resolve("bad.test.yml"), unitTest.replace("SEVERITY", "ticket"));

        Command checked = runIn(workDir, launcher.toString(), "rules", "check", "good.yml");
        assertEquals(0, checked.exitCode(), checked.output());
        assertEquals("Checking good.yml\n  SUCCESS: 2 rules found\n\n", checked.output());
        Command refused = runIn(workDir, launcher.toString(), "rules", "check", "bad.yml");
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("bad.yml: 5:15: group \"g\", rule 1, \"Broken\": could not parse "
                + "expression: 1:9: parse error: unexpected end of input\n"), refused.output());
        assertTrue(refused.output().contains("bad.yml: 6:17: group \"g\", rule 2, \"job:up:sum\": invalid field "
                + "'for' in recording rule\n"), refused.output());
        Command tested = runIn(workDir, launcher.toString(), "rules", "test", "good.test.yml");
        assertEquals(0, tested.exitCode(), tested.output());
        Command failed = runIn(workDir, launcher.toString(), "rules", "test", "bad.test.yml");
        assertEquals(1, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("alertname: HighErrors, time: 2m"), failed.output());

        for (Command[] pair : new Command[][] {
                {checked, runIn(workDir, "promtool", "check", "rules", "good.yml")},
                {refused, runIn(workDir, "promtool", "check", "rules", "bad.yml")},
                {tested, runIn(workDir, "promtool", "test", "rules", "good.test.yml")},
                {failed, runIn(workDir, "promtool", "test", "rules", "bad.test.yml")}}) {
            assertEquals(pair[1], pair[0], "bin/fluxtap answers as promtool");
        }
    }

    private record Command(int exitCode, String output) {
    }

    private static Command run(String... command) throws IOException, InterruptedException {
        return runIn(null, command);
    }

    private static Command runIn(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
        return new Command(process.exitValue(), output);
    }

    /** Runs a README block exactly as a user would paste it, against this server's ports; returns its output. */
    static String runAsPasted(String script, FluxtapProcess server) throws IOException, InterruptedException {
        String shell = script
                .replace("localhost:4318", server.otlpLogs().getAuthority())
                .replace("localhost:8080", server.api("/").getAuthority());
        Process curl = new ProcessBuilder("bash", "-ec", shell).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), output);
        return output;
    }

    static String block(String readme, String name) {
        Matcher block = Pattern.compile("<!-- example: " + name + " -->\\s*```(?:bash|sh)\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(block.find(), "README has the " + name + " example block");
        return block.group(1);
    }

    /** The README block that sends a first log: the test runs exactly what a user would paste. */
    record ReadmeExample(String script, String service, String body) {

        static ReadmeExample from(Path readme) throws IOException {
            String text = Files.readString(readme);
            Matcher block = Pattern.compile("<!-- example: first-log -->\\s*```(?:bash|sh)\\n(.*?)```", Pattern.DOTALL)
                    .matcher(text);
            assertTrue(block.find(), "README has the first-log example block");
            String script = block.group(1);
            Matcher service = Pattern.compile("\"service.name\", \"value\": \\{\"stringValue\": \"([^\"]+)\"").matcher(script);
            Matcher body = Pattern.compile("\"body\": \\{\"stringValue\": \"([^\"]+)\"").matcher(script);
            assertTrue(service.find() && body.find(), "example names a service and a body:\n" + script);
            return new ReadmeExample(script, service.group(1), body.group(1));
        }
    }

}
