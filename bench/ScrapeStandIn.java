import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Scrape targets for bench/scrape.sh: N loopback ports in one process, each serving a node-exporter-sized page
 * (about SERIES series in node exporter's families: CPU modes, disks, network devices, file systems, a histogram)
 * whose counters grow with time, as a real exporter's do. Counts the scrapes of each target per scraper (by
 * User-Agent), so missed scrapes can be told apart from what each scraper says about itself.
 *
 *   java bench/ScrapeStandIn.java TARGETS SERIES TARGETS_FILE SECONDS
 *
 * Writes host:port per line to TARGETS_FILE once every port listens (the first target also answers
 * {@code GET /counts} with "scraper target scrapes" lines); exits after SECONDS, a bound so that it never outlives
 * the benchmark.
 */
public final class ScrapeStandIn {

    private static final long START_MS = System.currentTimeMillis();

    public static void main(String[] args) throws Exception {
        int targets = Integer.parseInt(args[0]);
        int series = Integer.parseInt(args[1]);
        Path targetsFile = Path.of(args[2]);
        long seconds = Long.parseLong(args[3]);
        Map<String, AtomicLongArray> counts = new ConcurrentHashMap<>();
        List<HttpServer> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        var handlers = Executors.newFixedThreadPool(4);
        for (int t = 0; t < targets; t++) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            int target = t;
            server.createContext("/metrics", exchange -> serve(exchange, target, targets, series, counts));
            if (t == 0) {
                server.createContext("/counts", exchange -> counts(exchange, counts, targets));
            }
            server.setExecutor(handlers);
            server.start();
            servers.add(server);
            addresses.add("127.0.0.1:" + server.getAddress().getPort());
        }
        Path partial = targetsFile.resolveSibling(targetsFile.getFileName() + ".tmp");
        Files.write(partial, addresses);
        Files.move(partial, targetsFile);
        Thread.sleep(seconds * 1000);
        servers.forEach(s -> s.stop(0));
        System.exit(0);
    }

    private static void serve(HttpExchange exchange, int target, int targets, int series,
                              Map<String, AtomicLongArray> counts) throws IOException {
        String agent = exchange.getRequestHeaders().getFirst("User-Agent");
        String scraper = agent == null ? "unknown" : agent.startsWith("Prometheus/") ? "prometheus"
                : agent.startsWith("Fluxtap") ? "fluxtap" : "other";
        counts.computeIfAbsent(scraper, s -> new AtomicLongArray(targets)).incrementAndGet(target);
        byte[] body = page(target, series).getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** About {@code series} series; counters are rate x elapsed time, each series with a rate of its own. */
    static String page(int target, int series) {
        double elapsed = (System.currentTimeMillis() - START_MS) / 1000.0;
        StringBuilder out = new StringBuilder(series * 90);
        int[] n = {0};
        family(out, "node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.");
        String[] modes = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
        int cpus = Math.max(1, series / 16 / modes.length);
        for (int cpu = 0; cpu < cpus; cpu++) {
            for (String mode : modes) {
                line(out, "node_cpu_seconds_total{cpu=\"" + cpu + "\",mode=\"" + mode + "\"}", counter(target, n, elapsed));
            }
        }
        String[] diskMetrics = {"node_disk_read_bytes_total", "node_disk_written_bytes_total",
                "node_disk_reads_completed_total", "node_disk_writes_completed_total", "node_disk_io_time_seconds_total"};
        String[] netMetrics = {"node_network_receive_bytes_total", "node_network_transmit_bytes_total",
                "node_network_receive_packets_total", "node_network_transmit_packets_total",
                "node_network_receive_errs_total", "node_network_transmit_errs_total"};
        String[] fsMetrics = {"node_filesystem_size_bytes", "node_filesystem_avail_bytes", "node_filesystem_files",
                "node_filesystem_files_free"};
        int rest = Math.max(0, series - n[0] - 20);
        int devices = Math.max(1, rest / (diskMetrics.length + netMetrics.length + fsMetrics.length) );
        for (String metric : diskMetrics) {
            family(out, metric, "counter", "Disk statistic " + metric + ".");
            for (int d = 0; d < devices; d++) {
                line(out, metric + "{device=\"vd" + (char) ('a' + d % 26) + d / 26 + "\"}", counter(target, n, elapsed));
            }
        }
        for (String metric : netMetrics) {
            family(out, metric, "counter", "Network device statistic " + metric + ".");
            for (int d = 0; d < devices; d++) {
                line(out, metric + "{device=\"eth" + d + "\"}", counter(target, n, elapsed));
            }
        }
        for (String metric : fsMetrics) {
            family(out, metric, "gauge", "Filesystem statistic " + metric + ".");
            for (int d = 0; d < devices; d++) {
                line(out, metric + "{device=\"/dev/vd" + d + "\",fstype=\"ext4\",mountpoint=\"/mnt/" + d + "\"}",
                        gauge(target, n, elapsed));
            }
        }
        family(out, "node_load1", "gauge", "1m load average.");
        line(out, "node_load1", gauge(target, n, elapsed));
        family(out, "node_memory_MemAvailable_bytes", "gauge", "Memory information field MemAvailable_bytes.");
        line(out, "node_memory_MemAvailable_bytes", gauge(target, n, elapsed));
        family(out, "node_scrape_request_duration_seconds", "histogram", "Request durations.");
        double count = Math.floor(elapsed * 2);
        double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
        for (int b = 0; b < bounds.length; b++) {
            line(out, "node_scrape_request_duration_seconds_bucket{le=\"" + bounds[b] + "\"}",
                    Math.floor(count * (b + 1) / (bounds.length + 1)));
        }
        line(out, "node_scrape_request_duration_seconds_bucket{le=\"+Inf\"}", count);
        line(out, "node_scrape_request_duration_seconds_sum", count * 0.04);
        line(out, "node_scrape_request_duration_seconds_count", count);
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(' ')
                .append(type).append('\n');
    }

    private static void line(StringBuilder out, String series, double value) {
        out.append(series).append(' ').append(value).append('\n');
    }

    /** Never decreasing: a rate of its own per series (a jitter on the value would read as counter resets). */
    private static double counter(int target, int[] n, double elapsed) {
        int i = n[0]++;
        return Math.floor((1 + (i * 31 + target * 7) % 997) * elapsed);
    }

    private static double gauge(int target, int[] n, double elapsed) {
        int i = n[0]++;
        return (i * 13 + target) % 1000 + Math.floor(elapsed) % 60;
    }

    private static void counts(HttpExchange exchange, Map<String, AtomicLongArray> counts, int targets)
            throws IOException {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(counts).forEach((scraper, perTarget) -> {
            for (int t = 0; t < targets; t++) {
                out.append(scraper).append(' ').append(t).append(' ').append(perTarget.get(t)).append('\n');
            }
        });
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
