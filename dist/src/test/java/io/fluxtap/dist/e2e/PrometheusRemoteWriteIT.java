package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package's {@code prometheus}) scrapes Fluxtap's own {@code /metrics} every
 * second on loopback and remote-writes what it scrapes to Fluxtap's {@code /api/v1/write}; the raw samples
 * Prometheus stored and the ones Fluxtap serves from {@code /api/v1/metrics/samples} must be the same, and
 * PromQL over them must answer the same through Prometheus' API and Fluxtap's {@code /prometheus/api/v1}.
 *
 * <p>Prometheus' side is read with a range-vector instant query ({@code up[10m]}), which returns the stored
 * samples with their own timestamps; {@code query_range} would return values re-sampled at its steps.
 */
class PrometheusRemoteWriteIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MIN_SAMPLES = 5;

    @TempDir
    Path workDir;

    @Test
    void samplesReadBackFromFluxtapMatchWhatPrometheusStored() throws Exception {
        Path prometheusBinary = findOnPath("prometheus");
        // Every `up` series is compared with Prometheus' own, so Fluxtap must not scrape anything itself: the
        // shipped conf/scrape.yml would scrape this server's own port (${fluxtap.http.port}).
        try (FluxtapProcess fluxtap = FluxtapProcess.start(workDir,
                Map.of("FLUXTAP_DATA_DIR", workDir.resolve("data").toString(),
                        "FLUXTAP_SCRAPE_CONFIG_FILE", workDir.resolve("no-scrape-config.yml").toString()))) {
            int fluxtapPort = fluxtap.api("/").getPort();
            int prometheusPort = freePort();
            Path config = workDir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: fluxtap
                        metrics_path: /metrics
                        static_configs:
                          - targets: ['127.0.0.1:%1$d']
                    remote_write:
                      - url: http://127.0.0.1:%1$d/api/v1/write
                        queue_config:
                          batch_send_deadline: 200ms
                          min_backoff: 100ms
                          max_backoff: 1s
                    """.formatted(fluxtapPort));
            Process prometheus = new ProcessBuilder(prometheusBinary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + workDir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("prometheus.log").toFile())
                    .start();
            URI prometheusApi = URI.create("http://127.0.0.1:" + prometheusPort);
            try {
                compareSeries(fluxtap, prometheusApi, "up", prometheus);
                // A counter of Fluxtap's own, which the remote writes themselves make grow.
                long cutoff = compareSeries(fluxtap, prometheusApi, "fluxtap_ingest_records_total", prometheus);
                comparePromql(fluxtap, prometheusApi, cutoff);
            } finally {
                stop(prometheus);
            }
            assertEquals(143, fluxtap.terminate(), fluxtap.output());
        }
    }

    /**
     * Waits until Fluxtap has {@value #MIN_SAMPLES} samples of every series of the metric, then until its
     * samples up to the newest one it had then are the ones Prometheus stored up to that time. Waiting again
     * for equality lets samples of the same scrape that Prometheus sent in another shard's request arrive; a
     * sample that differs never becomes equal, so the test then fails with both sides.
     */
    private long compareSeries(FluxtapProcess fluxtap, URI prometheusApi, String name, Process prometheus) {
        Map<Map<String, String>, Map<Long, String>> first = TestHttp.await(WAIT, () -> {
            assertTrue(prometheus.isAlive(), () -> "prometheus exited:\n" + log());
            return fluxtapSamples(fluxtap, name, Long.MAX_VALUE);
        }, found -> !found.isEmpty() && found.values().stream().allMatch(s -> s.size() >= MIN_SAMPLES));
        long cutoff = first.values().stream().flatMap(s -> s.keySet().stream()).mapToLong(Long::longValue).max()
                .orElseThrow();

        Map<Map<String, String>, Map<Long, String>> theirs = prometheusSamples(prometheusApi, name, cutoff);
        assertTrue(theirs.values().stream().allMatch(s -> s.size() >= MIN_SAMPLES), () -> "Prometheus: " + theirs);
        try {
            TestHttp.await(Duration.ofSeconds(20), () -> fluxtapSamples(fluxtap, name, cutoff), theirs::equals);
        } catch (AssertionError e) {
            assertEquals(theirs, fluxtapSamples(fluxtap, name, cutoff),
                    name + ": Prometheus' samples (expected) vs Fluxtap's (actual) up to " + Instant.ofEpochMilli(cutoff));
        }
        return cutoff;
    }

    /**
     * Both stores hold the same samples of the counter up to {@code cutoff}, so Fluxtap's PromQL API must answer
     * as Prometheus' own does. Evaluation times sit half a second off the one-second scrape grid, so no sample
     * lies on a window's edge, where Prometheus 2.42 (closed windows) and 3.x (left-open, which Fluxtap follows)
     * differ. Extrapolating windows stay inside the series' history (every series has at least
     * {@value #MIN_SAMPLES} samples up to the cutoff): for a counter that starts inside the window, 2.42 caps the
     * extrapolation at the counter's zero point before applying its threshold, 3.x after.
     */
    private static void comparePromql(FluxtapProcess fluxtap, URI prometheusApi, long cutoff) {
        String time = "&time=" + (cutoff - 500) / 1000.0;
        // A step of 1 s, not 0.5 s: a half-second step put every other point on the scrape grid, and whenever two
        // scrapes were exactly 1,000 ms apart a window then started on a sample, where 2.42 and Fluxtap differ.
        String range = "&start=" + (cutoff - 1_500) / 1000.0 + "&end=" + (cutoff - 500) / 1000.0 + "&step=1";
        for (String request : List.of(
                "query?query=" + q("fluxtap_ingest_records_total") + time,
                "query?query=" + q("fluxtap_ingest_records_total[30s]") + time,
                "query?query=" + q("rate(fluxtap_ingest_records_total[3s])") + time,
                "query?query=" + q("sum by (job) (increase(fluxtap_ingest_records_total[3s]))") + time,
                "query?query=" + q("max_over_time(fluxtap_ingest_records_total[30s])"
                        + " - min_over_time(fluxtap_ingest_records_total[30s] offset 2s) > bool 0") + time,
                "query_range?query=" + q("irate(fluxtap_ingest_records_total[2s])") + range,
                "query_range?query=" + q("sum by (signal) (rate(fluxtap_ingest_records_total[2s]))") + range)) {
            JsonNode theirs = json(get(prometheusApi.resolve("/api/v1/" + request)));
            JsonNode ours = json(get(fluxtap.api("/prometheus/api/v1/" + request)));
            assertEquals("success", theirs.path("status").asText(), () -> request + ": " + theirs);
            assertEquals(theirs.path("data").path("resultType"), ours.path("data").path("resultType"),
                    () -> request + ": " + ours);
            Map<String, List<double[]>> expected = points(theirs);
            Map<String, List<double[]>> actual = points(ours);
            assertTrue(!expected.isEmpty(), () -> request + " selects nothing in Prometheus: " + theirs);
            assertEquals(expected.keySet(), actual.keySet(), () -> request + ": " + ours + " vs " + theirs);
            expected.forEach((labels, points) -> {
                List<double[]> mine = actual.get(labels);
                assertEquals(points.size(), mine.size(), () -> request + " " + labels + ": " + ours + " vs " + theirs);
                for (int i = 0; i < points.size(); i++) {
                    double want = points.get(i)[1];
                    double got = mine.get(i)[1];
                    assertEquals(points.get(i)[0], mine.get(i)[0], 1e-6,
                            () -> request + " " + labels + " time: " + ours + " vs " + theirs);
                    assertEquals(want, got, Math.abs(want) * 1e-9,
                            () -> request + " " + labels + " value: " + ours + " vs " + theirs);
                }
            });
        }
    }

    /** A query answer's series (labels as text) to its [time, value] points, for vectors and matrices alike. */
    private static Map<String, List<double[]>> points(JsonNode answer) {
        Map<String, List<double[]>> bySeries = new TreeMap<>();
        for (JsonNode series : answer.path("data").path("result")) {
            Map<String, String> labels = new TreeMap<>();
            series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            List<double[]> points = new ArrayList<>();
            JsonNode values = series.has("value")
                    ? JsonNodeFactory.instance.arrayNode().add(series.get("value")) : series.path("values");
            for (JsonNode point : values) {
                points.add(new double[] {point.get(0).asDouble(), Double.parseDouble(point.get(1).asText())});
            }
            bySeries.put(labels.toString(), points);
        }
        return bySeries;
    }

    /** Prometheus' stored samples of a metric in the 10 minutes up to {@code cutoff} (epoch ms), inclusive. */
    private static Map<Map<String, String>, Map<Long, String>> prometheusSamples(URI api, String name, long cutoff) {
        JsonNode response = json(get(api.resolve("/api/v1/query?query=" + q(name + "[10m]")
                + "&time=" + (cutoff / 1000.0))));
        assertEquals("success", response.path("status").asText(), response::toString);
        Map<Map<String, String>, Map<Long, String>> bySeries = new TreeMap<>(PrometheusRemoteWriteIT::compareLabels);
        for (JsonNode series : response.path("data").path("result")) {
            Map<String, String> labels = new TreeMap<>();
            series.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            labels.remove("__name__");
            Map<Long, String> samples = new TreeMap<>();
            for (JsonNode point : series.path("values")) {
                samples.put(Math.round(point.get(0).asDouble() * 1000), normalise(point.get(1).asText()));
            }
            bySeries.put(labels, samples);
        }
        return bySeries;
    }

    /** Fluxtap's samples of a metric up to {@code cutoff} (epoch ms), inclusive: labels to (epoch ms to value). */
    private static Map<Map<String, String>, Map<Long, String>> fluxtapSamples(FluxtapProcess fluxtap, String name,
                                                                              long cutoff) {
        JsonNode samples = json(get(fluxtap.api("/api/v1/metrics/samples?name=" + q(name) + "&limit=10000")))
                .path("samples");
        Map<Map<String, String>, Map<Long, String>> bySeries = new TreeMap<>(PrometheusRemoteWriteIT::compareLabels);
        for (JsonNode sample : samples) {
            Map<String, String> labels = new TreeMap<>();
            sample.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            long ms = Instant.parse(sample.get("ts").asText()).toEpochMilli();
            if (ms > cutoff) {
                continue;
            }
            bySeries.computeIfAbsent(labels, l -> new TreeMap<>()).put(ms, normalise(sample.get("value").asText()));
        }
        return bySeries;
    }

    /** Both sides as one text: Prometheus writes values as strings ("1", "2.5"), Fluxtap as JSON numbers. */
    private static String normalise(String value) {
        return switch (value) {
            case "NaN", "+Inf", "-Inf" -> value;
            default -> Double.toString(Double.parseDouble(value));
        };
    }

    private static int compareLabels(Map<String, String> a, Map<String, String> b) {
        return a.toString().compareTo(b.toString());
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void stop(Process prometheus) throws InterruptedException {
        prometheus.destroy();
        if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
            prometheus.destroyForcibly();
            prometheus.waitFor(10, TimeUnit.SECONDS);
            fail("prometheus did not stop within 30 s of SIGTERM:\n" + log());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The tests need the real thing: without it, they fail (CI installs it, see .ci/run). */
    static Path findOnPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("'" + command + "' is not installed (Debian packages prometheus, prometheus-alertmanager; "
                + ".ci/run installs them): this test drives the real program");
    }
}
