package io.fluxtap.ingestion.scrape.loop;

import io.fluxtap.api.LabelMap;
import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.ingestion.scrape.config.ScrapeJob;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import io.fluxtap.ingestion.scrape.discovery.Target;
import io.fluxtap.ingestion.scrape.exposition.ExpositionParseException;
import io.fluxtap.ingestion.scrape.exposition.Expositions;
import io.fluxtap.ingestion.scrape.exposition.MetricFamilyInfo;
import io.fluxtap.ingestion.scrape.exposition.ParsedPage;
import io.fluxtap.ingestion.scrape.exposition.ScrapedSample;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Scrapes one target, one scrape at a time, as Prometheus' {@code scrapeLoop}: a failed scrape (fetch error, parse
 * error, {@code sample_limit} or {@code label_limit} exceeded) stores none of the page's samples, reports {@code up}
 * 0 and writes stale markers for every series the last scrape had; a series missing from a page gets one too, and
 * so does every series when the loop stops.
 *
 * <p>{@code scrape_series_added} counts the series that the previous scrape did not have (Prometheus counts
 * series new to its scrape cache, which also remembers series a little longer).
 */
public final class ScrapeLoop {

    private static final String NAME = "__name__";
    private static final List<String> FAMILY_SUFFIXES = List.of("_total", "_created", "_bucket", "_count", "_sum",
            "_gcount", "_gsum", "_info");

    /** A job's settings that shape its samples. */
    public record Settings(boolean honorLabels, boolean honorTimestamps, long sampleLimit, long labelLimit,
                           long bodySizeLimit) {

        public static Settings of(ScrapeJob job) {
            return new Settings(job.honorLabels(), job.honorTimestamps(), job.sampleLimit(), job.labelLimit(),
                    job.bodySizeLimit());
        }
    }

    public enum Health {
        UNKNOWN, UP, DOWN;

        /** As the targets API writes it. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * How the last scrape went.
     *
     * @param lastScrape         when it started, or null before the first
     * @param lastError          its error, "" when it succeeded
     */
    public record Status(Health health, String lastError, Instant lastScrape, Duration lastScrapeDuration) {

        static final Status NEVER = new Status(Health.UNKNOWN, "", null, Duration.ZERO);
    }

    private final Target target;
    private final Settings settings;
    private final ScrapeClient client;
    private final RelabelStep metricRelabel;
    private final SampleSink sink;
    private final InstantSource clock;
    private final ReentrantLock scraping = new ReentrantLock();

    // Guarded by scraping.
    private Map<LabelMap, MetricSample> previous = Map.of();
    /**
     * What target labels and metric relabelling made of each series line of the last successful page, as
     * Prometheus' scrape cache keeps it: a page repeats its series scrape after scrape, so relabelling (and the
     * maps it builds) runs once per new series instead of once per sample. Rebuilt by every successful scrape, so
     * it holds only the series of the last page; a reloaded configuration gets a new loop, and a new cache.
     */
    private Map<Labels, Relabelled> seriesCache = Map.of();
    private boolean stopped;

    private volatile Status status = Status.NEVER;
    private volatile List<MetricFamilyInfo> metadata = List.of();
    private volatile ScrapeScheduler.Scheduled scheduled;

    public ScrapeLoop(Target target, Settings settings, ScrapeClient client, RelabelStep metricRelabel,
                      SampleSink sink, InstantSource clock) {
        this.target = target;
        this.settings = settings;
        this.client = client;
        this.metricRelabel = metricRelabel;
        this.sink = sink;
        this.clock = clock;
    }

    public Target target() {
        return target;
    }

    public Status status() {
        return status;
    }

    /** The families the last successful page described, in page order. */
    public List<MetricFamilyInfo> metadata() {
        return metadata;
    }

    /** Starts scraping at the target's offset in its interval (Prometheus' spread), then every interval. */
    public void start(ScrapeScheduler scheduler, long jitterSeed) {
        Duration offset = target.offset(clock.instant().toEpochMilli() * 1_000_000L, jitterSeed);
        scheduled = scheduler.scheduleAtFixedRate(this::scrape, offset, target.interval());
    }

    /**
     * Stops the loop: no scrape starts after this returns (a running one is waited for), and every series of the
     * last scrape gets a stale marker, so PromQL stops returning the target at once.
     */
    public void stop() {
        ScrapeScheduler.Scheduled task = scheduled;
        if (task != null) {
            task.cancel();
        }
        scraping.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            List<MetricSample> stale = staleMarkers(previous, Map.of(), clock.instant());
            previous = Map.of();
            if (!stale.isEmpty()) {
                sink.append(stale);
            }
        } finally {
            scraping.unlock();
        }
    }

    /** One scrape now; skipped when the previous one is still running or the loop was stopped. */
    public void scrape() {
        if (!scraping.tryLock()) {
            return;
        }
        try {
            if (!stopped) {
                scrapeLocked();
            }
        } finally {
            scraping.unlock();
        }
    }

    private void scrapeLocked() {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        Map<LabelMap, MetricSample> current = new LinkedHashMap<>();
        String error = "";
        int scraped = 0;
        int postRelabel = 0;
        ParsedPage page = null;
        try {
            ScrapeClient.Page fetched = client.fetch(target.url(), target.timeout(), settings.bodySizeLimit());
            page = parse(fetched);
            scraped = page.samples().size();
            postRelabel = samples(page, start, current);
        } catch (ScrapeFailure e) {
            error = e.getMessage();
            current.clear();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        int added = 0;
        if (error.isEmpty()) {
            for (LabelMap series : current.keySet()) {
                if (!previous.containsKey(series)) {
                    added++;
                }
            }
        }
        List<MetricSample> out = new ArrayList<>(current.size() + previous.size() + 5);
        out.addAll(current.values());
        Map<LabelMap, MetricSample> report = report(start, took, error.isEmpty(), scraped,
                postRelabel, added);
        current.putAll(report);
        out.addAll(report.values());
        out.addAll(staleMarkers(previous, current, start));
        previous = current;
        if (page != null && error.isEmpty()) {
            metadata = page.families();
        }
        status = new Status(error.isEmpty() ? Health.UP : Health.DOWN, error, start, took);
        sink.append(out);
    }

    private static ParsedPage parse(ScrapeClient.Page fetched) throws ScrapeFailure {
        try {
            return Expositions.forContentType(fetched.contentType()).parse(fetched.body());
        } catch (ExpositionParseException e) {
            throw new ScrapeFailure(e.getMessage(), e);
        }
    }

    /**
     * A series line after target labels and metric relabelling: its stored labels with and without
     * {@code __name__}; {@link #DROPPED} when relabelling dropped it or left it without a name.
     */
    private record Relabelled(LabelMap labels, String name, LabelMap seriesLabels) {

        static final Relabelled DROPPED = new Relabelled(null, null, null);
    }

    private Relabelled relabel(Labels exposed) {
        Labels relabelled = metricRelabel.apply(Labels.of(mutate(exposed)));
        if (relabelled == null) {
            return Relabelled.DROPPED;
        }
        SortedMap<String, String> labels = new TreeMap<>(relabelled.asMap());
        labels.values().removeIf(String::isEmpty);
        String name = labels.get(NAME);
        if (name == null) {
            return Relabelled.DROPPED;
        }
        Map<String, String> seriesLabels = new TreeMap<>(labels);
        seriesLabels.remove(NAME);
        // LabelMaps made once per series: every later scrape's samples share them (no copy, hash computed once).
        return new Relabelled(LabelMap.copyOf(labels), name, LabelMap.copyOf(seriesLabels));
    }

    /** The page's samples into {@code into}; the number after metric relabelling. */
    private int samples(ParsedPage page, Instant now, Map<LabelMap, MetricSample> into)
            throws ScrapeFailure {
        Map<String, MetricFamilyInfo> families = new HashMap<>();
        for (MetricFamilyInfo family : page.families()) {
            families.putIfAbsent(family.family(), family);
        }
        Map<Labels, Relabelled> cache = new HashMap<>(Math.max(16, seriesCache.size() * 4 / 3 + 1));
        int kept = 0;
        for (ScrapedSample sample : page.samples()) {
            Relabelled series = cache.get(sample.labels());
            if (series == null) {
                series = seriesCache.get(sample.labels());
                if (series == null) {
                    series = relabel(sample.labels());
                }
                cache.put(sample.labels(), series);
            }
            if (series == Relabelled.DROPPED) {
                continue;
            }
            LabelMap labels = series.labels();
            String name = series.name();
            if (settings.labelLimit() > 0 && labels.size() > settings.labelLimit()) {
                throw new ScrapeFailure("label_limit exceeded (metric: " + truncate(name, 50) + ", number of labels: "
                        + labels.size() + ", limit: " + settings.labelLimit() + ")");
            }
            kept++;
            if (settings.sampleLimit() > 0 && kept > settings.sampleLimit()) {
                // The scrape fails either way; stopping here keeps a million-series page from being built into
                // a million stored samples first (the parsed page is all it costs).
                throw new ScrapeFailure("sample limit exceeded");
            }
            if (into.containsKey(labels)) {
                // Prometheus refuses a second sample of one series at one timestamp and keeps the first.
                continue;
            }
            Instant time = settings.honorTimestamps() && sample.timestampMillis() != null
                    ? Instant.ofEpochMilli(sample.timestampMillis()) : now;
            MetricFamilyInfo family = family(families, sample.metricName());
            into.put(labels, new MetricSample(time, name, series.seriesLabels(), sample.value(), type(family),
                    family == null || family.unit().isEmpty() ? null : family.unit(),
                    family == null || family.help().isEmpty() ? null : family.help(),
                    null, null, target.job(), null,
                    sample.exemplar() == null ? List.of() : List.of(sample.exemplar())));
        }
        seriesCache = cache;
        return kept;
    }

    /**
     * The target's labels onto a page's series, as Prometheus' {@code mutateSampleLabels}: with {@code honor_labels}
     * the page's own values win; without it the target's win and a page's conflicting value moves to
     * {@code exported_<name>} (prefixed again while that name is taken too).
     */
    Map<String, String> mutate(Labels exposed) {
        Map<String, String> page = exposed.asMap();
        Map<String, String> out = new TreeMap<>(page);
        Map<String, String> targetLabels = target.labels().asMap();
        if (settings.honorLabels()) {
            targetLabels.forEach((name, value) -> {
                if (page.getOrDefault(name, "").isEmpty()) {
                    out.put(name, value);
                }
            });
            return out;
        }
        List<Map.Entry<String, String>> conflicting = new ArrayList<>();
        targetLabels.forEach((name, value) -> {
            String existing = page.getOrDefault(name, "");
            if (!existing.isEmpty()) {
                conflicting.add(Map.entry(name, existing));
            }
            out.put(name, value);
        });
        conflicting.sort(Comparator.comparingInt(e -> e.getKey().length()));
        for (int i = 0; i < conflicting.size(); i++) {
            String name = "exported_" + conflicting.get(i).getKey();
            while (page.containsKey(name) || targetLabels.containsKey(name) || isEarlierConflict(conflicting, i, name)) {
                name = "exported_" + name;
            }
            out.put(name, conflicting.get(i).getValue());
        }
        return out;
    }

    private static boolean isEarlierConflict(List<Map.Entry<String, String>> conflicting, int before, String name) {
        for (int j = 0; j < before; j++) {
            if (conflicting.get(j).getKey().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private Map<LabelMap, MetricSample> report(Instant now, Duration took, boolean up, int scraped,
                                                               int postRelabel, int added) {
        Map<LabelMap, MetricSample> report = new LinkedHashMap<>();
        reportSample(report, now, "up", up ? 1 : 0);
        reportSample(report, now, "scrape_duration_seconds", took.toNanos() / 1e9);
        reportSample(report, now, "scrape_samples_scraped", scraped);
        reportSample(report, now, "scrape_samples_post_metric_relabeling", postRelabel);
        reportSample(report, now, "scrape_series_added", added);
        return report;
    }

    private void reportSample(Map<LabelMap, MetricSample> report, Instant now, String name,
                              double value) {
        SortedMap<String, String> key = new TreeMap<>(target.labels().asMap());
        key.put(NAME, name);
        report.put(LabelMap.copyOf(key), new MetricSample(now, name, target.labels().asMap(), value, MetricType.GAUGE, null, null,
                null, null, target.job(), null, List.of()));
    }

    private static List<MetricSample> staleMarkers(Map<LabelMap, MetricSample> before,
                                                   Map<LabelMap, MetricSample> now, Instant at) {
        List<MetricSample> stale = new ArrayList<>();
        before.forEach((series, last) -> {
            if (!now.containsKey(series)) {
                stale.add(new MetricSample(at, last.name(), last.labels(), Staleness.STALE_NAN, last.type(),
                        last.unit(), last.help(), null, null, last.entityName(), null, List.of()));
            }
        });
        return stale;
    }

    private static MetricFamilyInfo family(Map<String, MetricFamilyInfo> families, String sampleName) {
        MetricFamilyInfo exact = families.get(sampleName);
        if (exact != null) {
            return exact;
        }
        for (String suffix : FAMILY_SUFFIXES) {
            if (sampleName.endsWith(suffix)) {
                MetricFamilyInfo family = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (family != null) {
                    return family;
                }
            }
        }
        return null;
    }

    private static MetricType type(MetricFamilyInfo family) {
        if (family == null) {
            return MetricType.UNKNOWN;
        }
        return switch (family.type()) {
            case "counter" -> MetricType.COUNTER;
            case "gauge", "gaugehistogram", "stateset", "info" -> MetricType.GAUGE;
            case "histogram" -> MetricType.HISTOGRAM;
            case "summary" -> MetricType.SUMMARY;
            default -> MetricType.UNKNOWN;
        };
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
