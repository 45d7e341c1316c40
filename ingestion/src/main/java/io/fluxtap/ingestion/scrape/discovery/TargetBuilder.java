package io.fluxtap.ingestion.scrape.discovery;

import io.fluxtap.api.DurationText;
import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.config.ScrapeJob;
import io.fluxtap.ingestion.scrape.config.TargetGroup;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Builds a job's targets from its target groups as Prometheus' {@code scrape/target.go populateLabels} does. */
public final class TargetBuilder {

    private static final String ADDRESS = "__address__";
    private static final String SCHEME = "__scheme__";
    private static final String METRICS_PATH = "__metrics_path__";
    private static final String INTERVAL = "__scrape_interval__";
    private static final String TIMEOUT = "__scrape_timeout__";
    private static final String PARAM = "__param_";

    private TargetBuilder() {
    }

    /** What discovery of one group gave: targets to scrape, targets relabelling dropped, and addresses refused. */
    public record Result(List<Target> active, List<Labels> dropped, List<String> errors) {

        public Result {
            active = List.copyOf(active);
            dropped = List.copyOf(dropped);
            errors = List.copyOf(errors);
        }
    }

    public static Result build(ScrapeJob job, List<TargetGroup> groups, RelabelStep relabel) {
        List<Target> active = new ArrayList<>();
        List<Labels> dropped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (TargetGroup group : groups) {
            for (String address : group.targets()) {
                Labels discovered = discovered(job, group.labels(), address);
                try {
                    // Relabelling may leave an invalid label name (labelmap): that target is an error, as in Prometheus.
                    Labels relabelled = relabel.apply(discovered);
                    if (relabelled == null) {
                        dropped.add(discovered);
                        continue;
                    }
                    active.add(target(job, discovered, relabelled));
                } catch (IllegalArgumentException e) {
                    errors.add(e.getMessage());
                }
            }
        }
        return new Result(active, dropped, errors);
    }

    /** The labels before relabelling: the group's, the address, then the job's settings where not already set. */
    static Labels discovered(ScrapeJob job, Labels groupLabels, String address) {
        Map<String, String> labels = new LinkedHashMap<>(groupLabels.asMap());
        labels.put(ADDRESS, address);
        labels.putIfAbsent("job", job.jobName());
        labels.putIfAbsent(INTERVAL, promDuration(job.scrapeInterval()));
        labels.putIfAbsent(TIMEOUT, promDuration(job.scrapeTimeout()));
        labels.putIfAbsent(METRICS_PATH, job.metricsPath());
        labels.putIfAbsent(SCHEME, job.scheme());
        job.params().forEach((name, values) -> {
            if (!values.isEmpty()) {
                labels.putIfAbsent(PARAM + name, values.getFirst());
            }
        });
        return Labels.of(labels);
    }

    private static Target target(ScrapeJob job, Labels discovered, Labels relabelled) {
        Map<String, String> labels = new TreeMap<>(relabelled.asMap());
        String address = labels.getOrDefault(ADDRESS, "");
        if (address.isEmpty()) {
            throw new IllegalArgumentException("no address");
        }
        String scheme = labels.getOrDefault(SCHEME, job.scheme());
        if (!hasPort(address)) {
            address = switch (scheme) {
                case "http", "" -> address + ":80";
                case "https" -> address + ":443";
                default -> throw new IllegalArgumentException("invalid scheme: \"" + scheme + "\"");
            };
            labels.put(ADDRESS, address);
        }
        if (address.contains("/")) {
            throw new IllegalArgumentException("\"" + address + "\" is not a valid hostname");
        }
        Duration interval = duration(labels.get(INTERVAL), "interval");
        Duration timeout = duration(labels.get(TIMEOUT), "timeout");
        if (timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("scrape timeout cannot be greater than scrape interval (\""
                    + labels.get(TIMEOUT) + "\" > \"" + labels.get(INTERVAL) + "\")");
        }
        // Meta labels go after relabelling; other internal ones stay on the target to build its URL, not its series.
        labels.keySet().removeIf(name -> name.startsWith("__meta_"));
        labels.putIfAbsent("instance", address);
        URI url = url(scheme, address, labels.getOrDefault(METRICS_PATH, job.metricsPath()), job, labels);
        Map<String, String> visible = new TreeMap<>(labels);
        visible.keySet().removeIf(name -> name.startsWith("__"));
        return new Target(job.jobName(), Labels.of(visible), discovered, url, interval, timeout);
    }

    private static URI url(String scheme, String address, String path, ScrapeJob job, Map<String, String> labels) {
        // Sorted by name, as Go's url.Values.Encode writes them.
        Map<String, List<String>> params = new TreeMap<>(job.params());
        labels.forEach((name, value) -> {
            if (name.startsWith(PARAM)) {
                params.put(name.substring(PARAM.length()), List.of(value));
            }
        });
        StringJoiner query = new StringJoiner("&");
        params.forEach((name, values) -> values.forEach(value -> query.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        String text = scheme + "://" + address + (path.startsWith("/") ? path : "/" + path)
                + (query.length() == 0 ? "" : "?" + query);
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid scrape URL \"" + text + "\": " + e.getMessage(), e);
        }
    }

    private static boolean hasPort(String address) {
        int colon = address.lastIndexOf(':');
        return colon > 0 && colon > address.lastIndexOf(']') && colon < address.length() - 1
                && address.substring(colon + 1).chars().allMatch(Character::isDigit);
    }

    /** A duration as Prometheus writes it in labels: units from years down to milliseconds, {@code 1m30s}. */
    public static String promDuration(Duration duration) {
        long ms = duration.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] sizes = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }

    private static Duration duration(String text, String what) {
        try {
            return DurationText.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("error parsing scrape " + what + ": " + text, e);
        }
    }
}
