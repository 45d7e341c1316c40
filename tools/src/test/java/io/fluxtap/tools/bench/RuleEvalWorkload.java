package io.fluxtap.tools.bench;


import java.util.Map;

/**
 * The data and rule file of {@link RuleEvaluationBenchmark}: a fleet of {@code jobs} × {@code instancesPerJob}
 * targets, each scraped every 15 s at an offset of its own (as Prometheus spreads its targets), exposing
 * <ul>
 *   <li>{@code http_requests_total{job,instance,code,method}}: 4 codes × 2 methods (8 counters per target);</li>
 *   <li>{@code http_request_duration_seconds_bucket{job,instance,le}}: a classic histogram of 8 buckets;</li>
 *   <li>{@code up}, {@code process_resident_memory_bytes} and {@code node_filesystem_avail_bytes{device,mountpoint}}
 *       (two file systems) gauges;</li>
 * </ul>
 * 20 series per target: 500 targets give 10,000 series, of which the 10 down targets expose only {@code up} (as a
 * target Prometheus cannot scrape): 9,810 are stored. Some targets misbehave on purpose, so that many rules fire:
 * every 7th answers 500s at 5/s, every 50th is down, every 5th job is slow, every 9th target's root file system
 * fills up, every 11th target's memory grows. Values are a pure function of (series, time), so a run can be
 * repeated exactly.
 * <p>
 * The rules: for each job, 10 shapes of alert Prometheus users write (error ratio, error rate, p99 latency, target
 * down, absent, memory, disk full by {@code predict_linear}, traffic drop, {@code increase}, memory leak by
 * {@code deriv}) with 5 thresholds each, a {@code for} of 0 s to 5 m, and templated annotations; the jobs' rules
 * spread over groups at a 15 s interval.
 */
final class RuleEvalWorkload {

    static final long SCRAPE_MS = 15_000;
    static final String[] CODES = {"200", "404", "500", "503"};
    static final String[] METHODS = {"GET", "POST"};
    static final String[] LE = {"0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"};
    static final String[] MOUNTS = {"/", "/var"};
    /** Series per target: 8 counters, 8 buckets, up, memory, 2 file systems. */
    static final int SERIES_PER_TARGET = CODES.length * METHODS.length + LE.length + 1 + 1 + MOUNTS.length;
    static final int SHAPES = 10;
    static final int VARIANTS = 5;

    private final int jobs;
    private final int instancesPerJob;

    RuleEvalWorkload(int jobs, int instancesPerJob) {
        this.jobs = jobs;
        this.instancesPerJob = instancesPerJob;
    }

    int targets() {
        return jobs * instancesPerJob;
    }

    /** The series the targets would expose were all up. */
    int series() {
        return targets() * SERIES_PER_TARGET;
    }

    private static boolean down(int target) {
        return target % 50 == 3;
    }

    /** The series stored: a target that is down has only {@code up}. */
    int storedSeries() {
        int down = 0;
        for (int t = 0; t < targets(); t++) {
            down += down(t) ? 1 : 0;
        }
        return series() - down * (SERIES_PER_TARGET - 1);
    }

    int rules() {
        return jobs * SHAPES * VARIANTS;
    }

    static String job(int j) {
        return "svc-" + j;
    }

    private static String instance(int j, int i) {
        return "10.0." + j + "." + i + ":8080";
    }

    /** Where target (j, i) is scraped within each 15 s interval. */
    private long offsetMs(int target) {
        return (target * 7919L) % SCRAPE_MS;
    }

    /** Where scraped samples go: the in-memory source, or a batch for DuckDB. */
    @FunctionalInterface
    interface SampleSink {
        /** @param labels the series labels with {@code __name__} */
        void add(Map<String, String> labels, long timeMs, double value);
    }

    /** Appends every sample with a timestamp in (fromMs, toMs]. */
    void scrape(SampleSink source, long fromMs, long toMs) {
        for (int j = 0; j < jobs; j++) {
            for (int i = 0; i < instancesPerJob; i++) {
                int target = j * instancesPerJob + i;
                long offset = offsetMs(target);
                // The first scrape time after fromMs on this target's grid.
                long t = Math.floorDiv(fromMs - offset, SCRAPE_MS) * SCRAPE_MS + offset;
                if (t <= fromMs) {
                    t += SCRAPE_MS;
                }
                for (; t <= toMs; t += SCRAPE_MS) {
                    scrapeTarget(source, j, i, target, t);
                }
            }
        }
    }

    private void scrapeTarget(SampleSink source, int j, int i, int target, long t) {
        String job = job(j);
        String inst = instance(j, i);
        boolean down = down(target);
        double seconds = t / 1000.0;
        long step = t / SCRAPE_MS;
        source.add(Map.of("__name__", "up", "job", job, "instance", inst), t, down ? 0 : 1);
        if (down) {
            return; // a target that is down exposes nothing but up
        }
        boolean failing = target % 7 == 0;
        for (int c = 0; c < CODES.length; c++) {
            for (int m = 0; m < METHODS.length; m++) {
                double perSecond = switch (CODES[c]) {
                    case "200" -> 20 + (target % 13) * 3 + m * 5;
                    case "404" -> 0.5 + (target % 3) * 0.2;
                    case "500" -> failing ? 5 : 0.02 * (1 + target % 4);
                    default -> 0.05 * (1 + (target + m) % 5);
                };
                // A counter at a steady rate of its own (no resets: a jitter that could decrease would be one).
                double value = Math.floor(perSecond * seconds);
                source.add(Map.of("__name__", "http_requests_total", "job", job, "instance", inst,
                        "code", CODES[c], "method", METHODS[m]), t, value);
            }
        }
        boolean slow = j % 5 == 0;
        double requests = Math.floor(30 * seconds);
        for (int b = 0; b < LE.length; b++) {
            // Cumulative share of requests at or below each bucket's bound; slow jobs lean to the upper buckets.
            double share = slow ? new double[]{0.05, 0.1, 0.2, 0.35, 0.55, 0.8, 0.97, 1}[b]
                    : new double[]{0.4, 0.7, 0.9, 0.96, 0.99, 0.997, 0.999, 1}[b];
            source.add(Map.of("__name__", "http_request_duration_seconds_bucket", "job", job, "instance", inst,
                    "le", LE[b]), t, Math.floor(requests * share));
        }
        double base = 2e8 + (target % 17) * 1e8;
        double memory = target % 11 == 0 ? base + (seconds % 86_400) * 5_000 : base + (step % 5) * 1e4;
        source.add(Map.of("__name__", "process_resident_memory_bytes", "job", job, "instance", inst), t, memory);
        for (int f = 0; f < MOUNTS.length; f++) {
            double size = 1e11;
            double avail = f == 0 && target % 9 == 0
                    // Filling at 2 MB/s since midnight: at noon (T0) full in about 1.2 h.
                    ? size * 0.95 - (seconds % 86_400) * 2e6
                    : size * (0.4 + (target % 5) * 0.1) - (step % 3) * 1e6;
            source.add(Map.of("__name__", "node_filesystem_avail_bytes", "job", job, "instance", inst,
                    "device", "/dev/vda" + (f + 1), "mountpoint", MOUNTS[f]), t, Math.max(0, avail));
        }
    }

    /** The rule file, in Prometheus' YAML: jobs spread evenly over {@code groups} groups at a 15 s interval. */
    String ruleFile(int groups) {
        StringBuilder y = new StringBuilder("groups:\n");
        int jobsPerGroup = Math.max(1, jobs / groups);
        for (int g = 0; g < groups; g++) {
            y.append("  - name: bench-").append(g).append("\n    interval: 15s\n    rules:\n");
            for (int j = g * jobsPerGroup; j < (g == groups - 1 ? jobs : (g + 1) * jobsPerGroup); j++) {
                for (int shape = 0; shape < SHAPES; shape++) {
                    for (int v = 0; v < VARIANTS; v++) {
                        rule(y, j, shape, v);
                    }
                }
            }
        }
        return y.toString();
    }

    private static final String[] FOR = {"0s", "1m", "2m", "5m", "30s"};

    private static void rule(StringBuilder y, int j, int shape, int v) {
        String job = job(j);
        String sel = "job=\"" + job + "\"";
        String name;
        String expr;
        String summary;
        switch (shape) {
            case 0 -> {
                name = "HighErrorRatio";
                expr = "sum by (job, instance) (rate(http_requests_total{" + sel + ",code=~\"5..\"}[5m]))"
                        + " / sum by (job, instance) (rate(http_requests_total{" + sel + "}[5m])) > "
                        + new double[]{0.01, 0.02, 0.05, 0.1, 0.2}[v];
                summary = "{{ $labels.instance }} of {{ $labels.job }} answers {{ $value | humanizePercentage }}"
                        + " errors";
            }
            case 1 -> {
                name = "HighErrorRate";
                expr = "rate(http_requests_total{" + sel + ",code=\"500\"}[5m]) > "
                        + new double[]{0.1, 0.5, 1, 2, 4}[v];
                summary = "{{ $labels.instance }} {{ $labels.method }}: {{ $value | humanize }} errors/s";
            }
            case 2 -> {
                name = "HighLatencyP99";
                expr = "histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket{"
                        + sel + "}[5m]))) > " + new double[]{0.25, 0.5, 1, 2.5, 4}[v];
                summary = "{{ $labels.job }} p99 latency is {{ $value | humanizeDuration }}";
            }
            case 3 -> {
                name = "TargetDown";
                expr = switch (v) {
                    case 0 -> "up{" + sel + "} == 0";
                    case 1 -> "avg_over_time(up{" + sel + "}[5m]) < 0.9";
                    default -> "count by (job) (up{" + sel + "} == 0) > " + (v - 2);
                };
                summary = "{{ $labels.instance }} of {{ $labels.job }} is down ({{ $value }})";
            }
            case 4 -> {
                name = "MetricAbsent";
                expr = v == 0 ? "absent(up{" + sel + "})"
                        : "absent(http_requests_total{" + sel + ",code=\"" + (417 + v) + "\"})";
                summary = "no series for {{ $labels.job }}";
            }
            case 5 -> {
                name = "HighMemory";
                expr = "process_resident_memory_bytes{" + sel + "} > " + new double[]{1.2e9, 1.5e9, 1.7e9, 2e9, 3e9}[v];
                summary = "{{ $labels.instance }} uses {{ $value | humanize1024 }}B";
            }
            case 6 -> {
                name = "DiskWillFill";
                expr = "predict_linear(node_filesystem_avail_bytes{" + sel + ",mountpoint=\"/\"}[1h], "
                        + new int[]{3600, 4 * 3600, 8 * 3600, 24 * 3600, 48 * 3600}[v] + ") < 0";
                summary = "{{ $labels.instance }} {{ $labels.mountpoint }} fills up ({{ $value | humanize }})";
            }
            case 7 -> {
                name = "TrafficDrop";
                expr = "sum by (job) (rate(http_requests_total{" + sel + ",code=\"200\"}[5m])) < "
                        + new int[]{500, 1000, 1500, 2000, 3000}[v];
                summary = "{{ $labels.job }} serves only {{ $value | humanize }} req/s";
            }
            case 8 -> {
                name = "Many503";
                expr = "increase(http_requests_total{" + sel + ",code=\"503\"}[10m]) > "
                        + new int[]{100, 130, 160, 200, 300}[v];
                summary = "{{ $labels.instance }}: {{ $value | printf \"%.0f\" }} 503s in 10m";
            }
            default -> {
                name = "MemoryLeak";
                expr = "deriv(process_resident_memory_bytes{" + sel + "}[15m]) > "
                        + new int[]{100, 1000, 4000, 10000, 50000}[v];
                summary = "{{ $labels.instance }} grows by {{ $value | humanize }}B/s";
            }
        }
        y.append("      - alert: ").append(name).append('\n')
                .append("        expr: '").append(expr.replace("'", "''")).append("'\n")
                .append("        for: ").append(FOR[(shape + v) % FOR.length]).append('\n')
                .append("        labels:\n          severity: ").append(v < 3 ? "warning" : "critical")
                .append("\n          variant: \"").append(v).append("\"\n")
                .append("        annotations:\n          summary: '").append(summary.replace("'", "''")).append("'\n")
                .append("          description: '{{ $labels.job }}/{{ $labels.instance }}: ").append(name)
                .append(" at {{ $value | humanize }}'\n");
    }
}
