package io.fluxtap.ingestion.scrape.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigParser;
import io.fluxtap.ingestion.scrape.config.ScrapeJob;
import io.fluxtap.ingestion.scrape.relabel.Relabeler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetBuilderTest {

    private static ScrapeJob job(String yaml) throws Exception {
        return new ScrapeConfigParser().parse(yaml).jobs().getFirst();
    }

    @Test
    void buildsLabelsAndUrlAsPrometheus() throws Exception {
        ScrapeJob job = job("""
                scrape_configs:
                  - job_name: node
                    scrape_interval: 90s
                    params: {module: [if_mib], target: [a b]}
                    static_configs:
                      - targets: ["host-a:9100", "host-b"]
                        labels: {env: prod, __meta_zone: z1}
                """);
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(), RelabelStep.NONE);
        assertEquals(List.of(), result.errors());
        Target a = result.active().get(0);
        assertEquals(Labels.of("env", "prod", "instance", "host-a:9100", "job", "node"), a.labels());
        assertEquals(Labels.of("__address__", "host-a:9100", "__meta_zone", "z1", "__metrics_path__", "/metrics",
                "__param_module", "if_mib", "__param_target", "a b", "__scheme__", "http",
                "__scrape_interval__", "1m30s", "__scrape_timeout__", "10s", "env", "prod", "job", "node"),
                a.discoveredLabels());
        assertEquals("http://host-a:9100/metrics?module=if_mib&target=a+b", a.url().toString());
        assertEquals(Duration.ofSeconds(90), a.interval());
        // No port: Prometheus 2.42 adds the scheme's.
        assertEquals("host-b:80", result.active().get(1).labels().get("instance"));
    }

    @Test
    void relabellingDecidesAddressInstanceParamsAndDrops() throws Exception {
        ScrapeJob job = job("""
                scrape_configs:
                  - job_name: blackbox
                    scheme: https
                    metrics_path: /probe
                    static_configs:
                      - targets: ["example.org", "drop.me"]
                """);
        RelabelStep probe = labels -> {
            if (labels.get("__address__").equals("drop.me")) {
                return null;
            }
            return labels.with("__param_target", labels.get("__address__"))
                    .with("instance", labels.get("__address__"))
                    .with("__address__", "exporter:9115")
                    .with("__scrape_interval__", "30s");
        };
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(), probe);
        Target t = result.active().getFirst();
        assertEquals("https://exporter:9115/probe?target=example.org", t.url().toString());
        assertEquals(Labels.of("instance", "example.org", "job", "blackbox"), t.labels());
        assertEquals(Duration.ofSeconds(30), t.interval());
        assertEquals(1, result.dropped().size());
        assertEquals("drop.me", result.dropped().getFirst().get("__address__"));
    }

    private static RelabelStep relabel(ScrapeJob job) throws Exception {
        return new Relabeler().compile(job.relabelConfigs(), "relabel_configs");
    }

    /** Which of {@code shards} Prometheus' hashmod puts a value in: md5's last 8 bytes, big-endian, unsigned. */
    private static long shard(String value, long shards) throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
        return Long.remainderUnsigned(ByteBuffer.wrap(md5).getLong(8), shards);
    }

    @Test
    void blackboxProbesThroughRealRelabelConfigs() throws Exception {
        // Prometheus' blackbox example: URLs as targets are allowed once relabelling may rewrite them.
        ScrapeJob job = job("""
                scrape_configs:
                  - job_name: blackbox
                    metrics_path: /probe
                    params: {module: [http_2xx]}
                    static_configs:
                      - targets: ["https://prometheus.io", "http://skip.example/health", "https://example.org/x"]
                    relabel_configs:
                      - source_labels: [__address__]
                        regex: 'https?://skip\\..*'
                        action: drop
                      - source_labels: [__address__]
                        target_label: __param_target
                      - source_labels: [__param_target]
                        target_label: instance
                      - target_label: __address__
                        replacement: 127.0.0.1:9115
                """);
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(), relabel(job));
        assertEquals(List.of(), result.errors());
        assertEquals(List.of("http://127.0.0.1:9115/probe?module=http_2xx&target=https%3A%2F%2Fprometheus.io",
                        "http://127.0.0.1:9115/probe?module=http_2xx&target=https%3A%2F%2Fexample.org%2Fx"),
                result.active().stream().map(t -> t.url().toString()).toList());
        assertEquals(Labels.of("instance", "https://prometheus.io", "job", "blackbox"),
                result.active().getFirst().labels());
        assertEquals(List.of("http://skip.example/health"),
                result.dropped().stream().map(l -> l.get("__address__")).toList());
    }

    @Test
    void kubernetesStyleConfigKeepsDropsShardsAndMaps() throws Exception {
        StringBuilder groups = new StringBuilder();
        String[][] pods = {
                {"default", "web-1", "true", "8080", "web"}, {"default", "web-2", "true", "8080", "web"},
                {"default", "web-3", "true", "8081", "web"}, {"shop", "cart-1", "true", "9000", "cart"},
                {"shop", "cart-2", "false", "9000", "cart"}, {"kube-system", "dns-1", "true", "9153", "dns"},
                {"shop", "cart-3", "true", "9000", "cart"}, {"monitoring", "prom-1", "true", "9090", "prom"}};
        for (int i = 0; i < pods.length; i++) {
            groups.append("""
                          - targets: ["10.0.0.%d:80"]
                            labels:
                              __meta_kubernetes_namespace: %s
                              __meta_kubernetes_pod_name: %s
                              __meta_kubernetes_pod_annotation_prometheus_io_scrape: "%s"
                              __meta_kubernetes_pod_annotation_prometheus_io_port: "%s"
                              __meta_kubernetes_pod_label_app: %s
                    """.formatted(i + 1, pods[i][0], pods[i][1], pods[i][2], pods[i][3], pods[i][4]));
        }
        ScrapeJob job = job("""
                scrape_configs:
                  - job_name: kubernetes-pods
                    static_configs:
                """ + groups + """
                    relabel_configs:
                      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                        action: keep
                        regex: "true"
                      - source_labels: [__meta_kubernetes_namespace]
                        regex: kube-system|monitoring
                        action: drop
                      - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
                        regex: '([^:]+)(?::\\d+)?;(\\d+)'
                        replacement: $1:$2
                        target_label: __address__
                      - source_labels: [__address__]
                        modulus: 2
                        target_label: __tmp_shard
                        action: hashmod
                      - source_labels: [__tmp_shard]
                        regex: "1"
                        action: keep
                      - action: labelmap
                        regex: __meta_kubernetes_pod_label_(.+)
                      - action: labelmap
                        regex: __meta_(.+)
                      - source_labels: [__meta_kubernetes_pod_name]
                        target_label: pod
                      - regex: kubernetes_pod_annotation_.*
                        action: labeldrop
                """);
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(), relabel(job));
        assertEquals(List.of(), result.errors());
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < pods.length; i++) {
            String address = "10.0.0." + (i + 1) + ":" + pods[i][3];
            boolean scraped = pods[i][2].equals("true") && !pods[i][0].equals("kube-system")
                    && !pods[i][0].equals("monitoring");
            if (scraped && shard(address, 2) == 1) {
                expected.add(address);
            }
        }
        assertTrue(!expected.isEmpty() && expected.size() < 5, () -> "a shard of the five pods: " + expected);
        assertEquals(expected, result.active().stream().map(t -> t.labels().get("instance")).toList());
        assertEquals(pods.length - expected.size(), result.dropped().size());
        Target first = result.active().getFirst();
        String pod = first.discoveredLabels().get("__meta_kubernetes_pod_name");
        String namespace = first.discoveredLabels().get("__meta_kubernetes_namespace");
        assertEquals(Labels.of("app", first.discoveredLabels().get("__meta_kubernetes_pod_label_app"),
                "instance", expected.getFirst(), "job", "kubernetes-pods",
                "kubernetes_namespace", namespace, "kubernetes_pod_label_app",
                first.discoveredLabels().get("__meta_kubernetes_pod_label_app"),
                "kubernetes_pod_name", pod, "pod", pod), first.labels());
        assertEquals("http://" + expected.getFirst() + "/metrics", first.url().toString());
    }

    @Test
    void anInvalidNameFromLabelmapIsThatTargetsError() throws Exception {
        ScrapeJob job = job("""
                scrape_configs:
                  - job_name: a
                    static_configs: [{targets: ['x:1'], labels: {__meta_: v}}, {targets: ['y:1']}]
                    relabel_configs: [{action: labelmap, regex: '__meta_(.*)', replacement: '$1'}]
                """);
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(), relabel(job));
        assertEquals(List.of("\"\" is invalid label name"), result.errors());
        assertEquals("y:1", result.active().getFirst().labels().get("instance"));
    }

    @Test
    void refusesTargetsRelabellingBroke() throws Exception {
        ScrapeJob job = job("scrape_configs: [{job_name: a, static_configs: [{targets: ['x:1', 'y:1']}]}]");
        TargetBuilder.Result result = TargetBuilder.build(job, job.staticConfigs(),
                labels -> labels.get("__address__").equals("x:1")
                        ? labels.without("__address__")
                        : labels.with("__scrape_timeout__", "2m"));
        assertEquals(List.of("no address",
                "scrape timeout cannot be greater than scrape interval (\"2m\" > \"1m\")"), result.errors());
        assertTrue(result.active().isEmpty());
    }

    @Test
    void offsetsArePinnedToAbsoluteTimeAndSpreadTargets() throws Exception {
        ScrapeJob job = job("scrape_configs: [{job_name: a, scrape_interval: 10s, static_configs: [{targets: "
                + "['h1:1', 'h2:1', 'h3:1', 'h4:1', 'h5:1', 'h6:1', 'h7:1', 'h8:1']}]}]");
        List<Target> targets = TargetBuilder.build(job, job.staticConfigs(), RelabelStep.NONE).active();
        long interval = Duration.ofSeconds(10).toNanos();
        long now = 1_700_000_000_123_456_789L;
        Set<Long> phases = new HashSet<>();
        for (Target t : targets) {
            Duration first = t.offset(now, 0);
            assertTrue(first.toNanos() >= 0 && first.toNanos() <= interval, first::toString);
            // The same phase whenever it is asked: a restart three and a half intervals later lands on it too.
            long phase = Math.floorMod(now + first.toNanos(), interval);
            assertEquals(phase, Math.floorMod(now + 35 * interval / 10 + t.offset(now + 35 * interval / 10, 0)
                    .toNanos(), interval));
            phases.add(phase / (interval / 100));
            assertNotEquals(t.offset(now, 0), t.offset(now, 12345));
        }
        assertTrue(phases.size() >= 6, () -> "targets bunched: " + phases);
    }

    @Test
    void writesDurationsAsPrometheus() {
        assertEquals("1m30s", TargetBuilder.promDuration(Duration.ofSeconds(90)));
        assertEquals("15s", TargetBuilder.promDuration(Duration.ofSeconds(15)));
        assertEquals("1d", TargetBuilder.promDuration(Duration.ofHours(24)));
        assertEquals("1s500ms", TargetBuilder.promDuration(Duration.ofMillis(1500)));
    }
}
