package io.fluxtap.tools.bench;

import io.fluxtap.alerting.persist.StateStoreAlertStateStore;
import io.fluxtap.alerting.rules.AlertInstance;
import io.fluxtap.alerting.rules.AlertState;
import io.fluxtap.alerting.rules.AlertStateStore;
import io.fluxtap.alerting.rules.AlertingRule;
import io.fluxtap.alerting.rules.InMemoryAlertStateStore;
import io.fluxtap.alerting.rules.NameValidation;
import io.fluxtap.alerting.rules.PromqlRuleQuery;
import io.fluxtap.alerting.rules.Rule;
import io.fluxtap.alerting.rules.RuleFileParser;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.rules.RuleGroupSpec;
import io.fluxtap.alerting.rules.RuleHealth;
import io.fluxtap.alerting.rules.RuleSettings;
import io.fluxtap.alerting.rules.RuleSpec;
import io.fluxtap.alerting.template.PrometheusRuleTemplates;
import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.alerting.DuckDbStateStore;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.prometheus.api.EnginePromqlQueries;
import io.fluxtap.storage.prometheus.api.PromqlSettings;
import io.fluxtap.storage.prometheus.api.QueryRunner;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import io.fluxtap.storage.prometheus.head.ServerHead;
import io.fluxtap.storage.promql.series.MemorySeriesSource;
import io.fluxtap.storage.promql.series.SeriesSource;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue #12's first benchmark: 1,000 alerting rules over 10,000 series, every rule group evaluated once per
 * round, rounds 15 s apart in simulated time. The rules run as the server runs them (alerting's
 * {@link RuleFileParser}, {@link AlertingRule}, {@link RuleGroup}, Prometheus templates) through the server's PromQL
 * port ({@link EnginePromqlQueries}: the {@code fluxtap-promql-*} threads and the real {@link PromqlEvaluator}) over
 * one of two stores: an in-memory {@link MemorySeriesSource} ({@code memory}: the figure is the rule engine's and
 * the PromQL engine's alone) or the server's own DuckDB store ({@code duckdb}: the samples written through
 * {@link DuckDbRecordSink} as lane P2 writes them, read back through the server's own series source
 * ({@link PromqlSettings#seriesSource}: the PromQL head block over recent time, DuckDB for the rest), as the server's
 * rules read them; hot table only, nothing exported). Rule output (ALERTS, ALERTS_FOR_STATE) is written back into the same
 * store, as the server writes it, and with {@code duckdb} the groups save their alerts to the server's DuckDB state
 * store after each evaluation (in memory otherwise). Before each round the targets' scrapes of the last 15 s are appended (outside the
 * timing).
 * <p>
 * Prints the time of each round, min/median/max over the measured rounds, alerts pending and firing, and heap used
 * after a forced GC: with the data alone, and after the last round (steady state). Bounded: a fixed number of
 * rounds, and measuring stops early once {@code maxSeconds} of measured time have passed.
 * <pre>
 * java -cp ... io.fluxtap.tools.bench.RuleEvaluationBenchmark [jobs=20] [instancesPerJob=25] [groups=10]
 *      [warmupRounds=8] [rounds=40] [maxSeconds=300] [ruleFileOut] [store=memory|duckdb]
 * </pre>
 */
public final class RuleEvaluationBenchmark {

    /** Simulated "now" at the end of the first hour of data. */
    static final long T0_MS = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
    static final long HISTORY_MS = 3_600_000;

    private final RuleEvalWorkload workload;
    private final int groupCount;
    private final BenchStore store;
    private final QueryRunner runner;
    private final PromqlQueries promql;
    private final AtomicLong alertsSent = new AtomicLong();
    private final AtomicLong samplesWritten = new AtomicLong();
    private List<RuleGroup> groups;
    private long dataUntilMs;

    RuleEvaluationBenchmark(int jobs, int instancesPerJob, int groupCount) {
        this(jobs, instancesPerJob, groupCount, new MemoryStore());
    }

    RuleEvaluationBenchmark(int jobs, int instancesPerJob, int groupCount, BenchStore store) {
        this.workload = new RuleEvalWorkload(jobs, instancesPerJob);
        this.groupCount = groupCount;
        this.store = store;
        PromqlLimits limits = PromqlLimits.prometheusDefaults();
        // The settings' own DuckDB source is never used: the evaluator reads the store's source.
        this.runner = new QueryRunner(new PromqlSettings(null, limits, 20));
        this.promql = new EnginePromqlQueries(new PromqlEvaluator(store.source(limits), limits), runner,
                limits.timeout());
    }

    /** The samples and the series source the rules read, with the writer their output goes to. */
    interface BenchStore extends RuleEvalWorkload.SampleSink, AutoCloseable {
        SeriesSource source(PromqlLimits limits);

        /** Makes what {@link #add} took readable (DuckDB: writes the pending batch). */
        void flush();

        RecordSink.Writer writer();

        /** Where the groups save their alerts after each evaluation, as the server's do. */
        AlertStateStore alertStates();

        int storedSeries();

        @Override
        void close();
    }

    static final class MemoryStore implements BenchStore {
        private final MemorySeriesSource source = new MemorySeriesSource();
        private final AlertStateStore alertStates = new InMemoryAlertStateStore();

        @Override
        public AlertStateStore alertStates() {
            return alertStates;
        }

        @Override
        public void add(Map<String, String> labels, long timeMs, double value) {
            source.add(labels, timeMs, value);
        }

        @Override
        public SeriesSource source(PromqlLimits limits) {
            return source;
        }

        @Override
        public void flush() {
        }

        @Override
        public RecordSink.Writer writer() {
            return new RecordSink.Writer() {
                @Override
                public void write(RecordBatch batch) {
                    source.addAll(batch.metrics());
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public int storedSeries() {
            return source.select(List.of(), Long.MIN_VALUE, Long.MAX_VALUE).size();
        }

        @Override
        public void close() {
        }
    }

    /** The server's store: a DuckDB database in a temporary directory, written as lane P2 writes. */
    static final class DuckDbStore implements BenchStore {
        private static final int BATCH = 10_000;
        private final Path dir;
        private final DuckDbDatabase database;
        private final ServerHead head;
        private final RecordSink.Writer scrapes;
        private final AlertStateStore alertStates;
        private final List<MetricSample> pending = new ArrayList<>();

        DuckDbStore() throws java.io.IOException {
            this.dir = Files.createTempDirectory("fluxtap-rules-eval-");
            this.database = new DuckDbDatabase(dir);
            // The server's head block, with its defaults: fed by the writers, loaded (empty) before any write.
            this.head = new ServerHead(database, java.time.Duration.ofHours(3), 4_000_000,
                    java.time.Duration.ofDays(30), Clock.systemUTC());
            head.load();
            this.scrapes = new DuckDbRecordSink(database, head).openWriter(Lane.P2);
            // The server's alert state store: one document per rule with alerts, written when they change.
            this.alertStates = new StateStoreAlertStateStore(new DuckDbStateStore(database));
        }

        @Override
        public AlertStateStore alertStates() {
            return alertStates;
        }

        DuckDbDatabase database() {
            return database;
        }

        @Override
        public void add(Map<String, String> labels, long timeMs, double value) {
            Map<String, String> series = new TreeMap<>(labels);
            String name = series.remove("__name__");
            pending.add(new MetricSample(Instant.ofEpochMilli(timeMs), name, series, value,
                    name.endsWith("_total") || name.endsWith("_bucket") ? MetricSample.MetricType.COUNTER
                            : MetricSample.MetricType.GAUGE, "", "", null, null, series.get("job"), null, List.of()));
            if (pending.size() >= BATCH) {
                flush();
            }
        }

        @Override
        public void flush() {
            if (!pending.isEmpty()) {
                scrapes.write(new RecordBatch(Lane.P2, List.of(), List.of(), List.copyOf(pending), RecordBatch.NO_WAL));
                pending.clear();
            }
        }

        @Override
        public SeriesSource source(PromqlLimits limits) {
            return PromqlSettings.seriesSource(database, head, limits.maxSamples());
        }

        @Override
        public RecordSink.Writer writer() {
            return new DuckDbRecordSink(database, head).openWriter(Lane.P2);
        }

        @Override
        public int storedSeries() {
            return database.query(handle -> handle.createQuery("SELECT count(*) FROM metric_series")
                    .mapTo(Integer.class).one());
        }

        @Override
        public void close() {
            scrapes.close();
            database.close();
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            } catch (java.io.IOException e) {
                System.out.println("could not delete " + dir + ": " + e);
            }
        }
    }

    RuleEvalWorkload workload() {
        return workload;
    }

    /** Loads the hour of history up to {@link #T0_MS}. */
    void loadHistory() {
        workload.scrape(store, T0_MS - HISTORY_MS - 1, T0_MS);
        store.flush();
        dataUntilMs = T0_MS;
    }

    /** Parses the rule file and builds its groups as the server's RuleManager does; fails on any error. */
    void loadRules(String ruleFileText) {
        RuleFileParser parser = new RuleFileParser(promql, new PrometheusRuleTemplates(promql), NameValidation.UTF8,
                false);
        RuleFileParser.Result result = parser.parse("bench-rules.yml", ruleFileText);
        if (!result.ok()) {
            throw new IllegalStateException("the generated rule file is invalid: " + result.errors());
        }
        RecordSink.Writer writer = new CountingWriter(store.writer());
        PrometheusRuleTemplates templates = new PrometheusRuleTemplates(promql);
        List<RuleGroup> built = new ArrayList<>();
        for (RuleGroupSpec spec : result.ruleFile().groups()) {
            List<Rule> rules = new ArrayList<>();
            for (RuleSpec r : spec.rules()) {
                Map<String, String> labels = new LinkedHashMap<>(spec.labels());
                labels.putAll(r.labels());
                rules.add(new AlertingRule(r.alert(), new PromqlRuleQuery(promql, r.expr()), r.forDuration(),
                        r.keepFiringFor(), labels, r.annotations(), Map.of("cluster", "bench"),
                        "http://fluxtap.example:9090", templates));
            }
            built.add(new RuleGroup("bench-rules.yml", spec.name(), spec.interval(), Duration.ZERO, spec.limit(), rules,
                    writer, alerts -> alertsSent.addAndGet(alerts.size()), store.alertStates(),
                    RuleSettings.DEFAULT_RESEND_DELAY, Clock.systemUTC()));
        }
        groups = built;
    }

    /** Round {@code r} (from 1): appends the scrapes up to its time, then evaluates every group at its slot. */
    long round(int r) {
        long nowMs = T0_MS + r * RuleEvalWorkload.SCRAPE_MS;
        workload.scrape(store, dataUntilMs, nowMs);
        store.flush();
        dataUntilMs = nowMs;
        Instant now = Instant.ofEpochMilli(nowMs);
        long start = System.nanoTime();
        for (RuleGroup g : groups) {
            g.evaluate(g.evalTimestamp(now));
        }
        return System.nanoTime() - start;
    }

    /** Alerts by state over all rules, plus "rules" and "errors" (rules whose last evaluation failed). */
    /** Alerting rules that hold at least one alert (pending, firing or resolved but still kept). */
    int rulesWithAlerts() {
        int count = 0;
        for (RuleGroup g : groups) {
            for (Rule rule : g.rules()) {
                if (!((AlertingRule) rule).alerts().isEmpty()) {
                    count++;
                }
            }
        }
        return count;
    }

    Map<String, Integer> alertCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (AlertState s : AlertState.values()) {
            counts.put(s.name().toLowerCase(), 0);
        }
        int rules = 0;
        int errors = 0;
        List<String> firstErrors = new ArrayList<>();
        for (RuleGroup g : groups) {
            for (Rule rule : g.rules()) {
                rules++;
                if (rule.status().health() == RuleHealth.ERR) {
                    errors++;
                    if (firstErrors.size() < 3) {
                        firstErrors.add(rule.name() + ": " + rule.status().lastError());
                    }
                }
                for (AlertInstance a : ((AlertingRule) rule).alerts()) {
                    counts.merge(a.state().name().toLowerCase(), 1, Integer::sum);
                }
            }
        }
        counts.put("rules", rules);
        counts.put("errors", errors);
        if (!firstErrors.isEmpty()) {
            System.out.println("rule errors, first ones: " + firstErrors);
        }
        return counts;
    }

    /** Pending and firing alerts per alert name. */
    Map<String, Integer> activeByName() {
        Map<String, Integer> counts = new TreeMap<>();
        for (RuleGroup g : groups) {
            for (Rule rule : g.rules()) {
                for (AlertInstance a : ((AlertingRule) rule).alerts()) {
                    if (a.state() != AlertState.INACTIVE) {
                        counts.merge(rule.name(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** Firing alerts per alert name. */
    Map<String, Integer> firingByName() {
        Map<String, Integer> counts = new TreeMap<>();
        for (RuleGroup g : groups) {
            for (Rule rule : g.rules()) {
                for (AlertInstance a : ((AlertingRule) rule).alerts()) {
                    if (a.state() == AlertState.FIRING) {
                        counts.merge(rule.name(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    long alertsSent() {
        return alertsSent.get();
    }

    long samplesWritten() {
        return samplesWritten.get();
    }

    int storedSeries() {
        return store.storedSeries();
    }

    /** Rule output into the store the rules read, as the server writes it, counted. */
    private final class CountingWriter implements RecordSink.Writer {
        private final RecordSink.Writer target;

        CountingWriter(RecordSink.Writer target) {
            this.target = target;
        }

        @Override
        public void write(RecordBatch batch) {
            target.write(batch);
            samplesWritten.addAndGet(batch.metrics().size());
        }

        @Override
        public void close() {
            target.close();
        }
    }

    static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes allocated so far by every live thread (this one and the PromQL runner's). */
    static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long total = 0;
        for (long b : threads.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, b);
        }
        return total;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static String ms(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        int groupCount = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        long maxNanos = Duration.ofSeconds(args.length > 5 ? Long.parseLong(args[5]) : 300).toNanos();
        Path ruleFileOut = args.length > 6 && !args[6].isEmpty() ? Path.of(args[6]) : null;
        String storeName = args.length > 7 ? args[7] : "memory";
        BenchStore store = switch (storeName) {
            case "memory" -> new MemoryStore();
            case "duckdb" -> new DuckDbStore();
            default -> throw new IllegalArgumentException("store must be memory or duckdb, was " + storeName);
        };
        System.out.println("store: " + storeName);
        RuleEvaluationBenchmark bench = new RuleEvaluationBenchmark(jobs, instances, groupCount, store);
        RuleEvalWorkload w = bench.workload();
        long heapBefore = heapUsedAfterGc();
        long loadStart = System.nanoTime();
        bench.loadHistory();
        long loadNanos = System.nanoTime() - loadStart;
        long heapData = heapUsedAfterGc();
        String ruleFile = w.ruleFile(groupCount);
        if (ruleFileOut != null) {
            Files.writeString(ruleFileOut, ruleFile, StandardCharsets.UTF_8);
        }
        bench.loadRules(ruleFile);
        System.out.printf("workload: %d series (%d targets x %d; %d stored, down targets have only up),"
                        + " %d alerting rules in %d groups at 15s, 1h of history (loaded in %s),"
                        + " %d warm-up + up to %d measured rounds%n",
                w.series(), w.targets(), RuleEvalWorkload.SERIES_PER_TARGET, bench.storedSeries(), w.rules(),
                groupCount, ms(loadNanos), warmup, rounds);
        System.out.printf("heap after GC: %s empty, %s with the data%n", mib(heapBefore), mib(heapData));

        int r = 1;
        for (; r <= warmup; r++) {
            long nanos = bench.round(r);
            System.out.printf("warm-up round %d: %s %s%n", r, ms(nanos), bench.alertCounts());
        }
        List<Long> measured = new ArrayList<>();
        long measuredTotal = 0;
        long allocStart = allocatedBytes();
        for (int i = 0; i < rounds && measuredTotal < maxNanos; i++, r++) {
            long nanos = bench.round(r);
            measured.add(nanos);
            measuredTotal += nanos;
            System.out.printf("round %d: %s%n", r, ms(nanos));
        }
        long allocPerRound = (allocatedBytes() - allocStart) / Math.max(1, measured.size());
        Map<String, Integer> counts = bench.alertCounts();
        long heapSteady = heapUsedAfterGc();
        long[] sorted = measured.stream().mapToLong(Long::longValue).sorted().toArray();
        long median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.println("---- results ----");
        System.out.printf("rounds measured: %d (after %d warm-up), each = all %d groups once%n", sorted.length,
                warmup, groupCount);
        System.out.printf("time per round: min %s, median %s, max %s (bound 1000 ms: median/bound = %.3f,"
                        + " max/bound = %.3f)%n", ms(sorted[0]), ms(median), ms(sorted[sorted.length - 1]),
                median / 1e9, sorted[sorted.length - 1] / 1e9);
        System.out.printf("all rounds (ms): %s%n", Arrays.toString(measured.stream()
                .mapToLong(n -> Math.round(n / 1e5)).mapToObj(n -> String.valueOf(n / 10.0)).toArray()));
        System.out.printf("alerts after the last round: %s; alerts sent in all rounds: %d; ALERTS/ALERTS_FOR_STATE"
                + " samples written: %d%n", counts, bench.alertsSent(), bench.samplesWritten());
        System.out.printf("pending and firing alerts by name: %s%n", bench.activeByName());
        System.out.printf("stored series after the last round: %d%n", bench.storedSeries());
        System.out.printf("allocated per round: %s%n", mib(allocPerRound));
        System.out.printf("heap after GC: %s with data only, %s after the last round (steady state), %s more%n",
                mib(heapData), mib(heapSteady), mib(heapSteady - heapData));
        store.close();
    }
}
