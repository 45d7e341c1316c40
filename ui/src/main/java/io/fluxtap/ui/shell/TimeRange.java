package io.fluxtap.ui.shell;

import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.QueryParameters;
import io.fluxtap.api.DurationText;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page's time range as the address carries it: either the last {@code range} (relative, so a refresh moves
 * it) or a fixed {@code from}..{@code to}, plus how often the page refreshes ({@code refresh}, {@code off} for
 * never). Unreadable parameters fall back to the defaults rather than failing the page.
 *
 * @param last    the relative span, or null when {@code from}/{@code to} are fixed
 * @param from    the fixed start, or null
 * @param to      the fixed end, or null
 * @param refresh the auto-refresh interval, or null for none
 */
public record TimeRange(Duration last, Instant from, Instant to, Duration refresh) {

    public static final String RANGE = "range";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String REFRESH = "refresh";
    /** The picker's relative choices, shortest first. */
    public static final List<Duration> PRESETS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24), Duration.ofDays(7));
    public static final List<Duration> REFRESH_CHOICES = List.of(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5));
    static final Duration DEFAULT_LAST = Duration.ofHours(1);

    public TimeRange {
        if (last == null && (from == null || to == null)) {
            throw new IllegalArgumentException("a range is either relative or has both ends");
        }
        if (last != null && (from != null || to != null)) {
            throw new IllegalArgumentException("a range cannot be relative and fixed at once");
        }
        if (last != null && (last.isNegative() || last.isZero())) {
            throw new IllegalArgumentException("range must be positive, was " + last);
        }
        if (from != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + " .. " + to);
        }
        if (refresh != null && (refresh.isNegative() || refresh.isZero())) {
            throw new IllegalArgumentException("refresh must be positive, was " + refresh);
        }
    }

    public static TimeRange relative(Duration last, Duration refresh) {
        return new TimeRange(last, null, null, refresh);
    }

    public static TimeRange fixed(Instant from, Instant to) {
        return new TimeRange(null, from, to, null);
    }

    public static TimeRange of(Location location) {
        return of(location.getQueryParameters(), null);
    }

    /**
     * @param defaultRefresh used when the address names no refresh interval (null: none)
     */
    public static TimeRange of(QueryParameters parameters, Duration defaultRefresh) {
        Map<String, List<String>> p = parameters.getParameters();
        Duration refresh = first(p, REFRESH).map(text -> "off".equals(text) ? Optional.<Duration>empty() : positive(text))
                .orElse(Optional.ofNullable(defaultRefresh)).orElse(null);
        Optional<Instant> from = first(p, FROM).flatMap(TimeRange::instant);
        Optional<Instant> to = first(p, TO).flatMap(TimeRange::instant);
        if (from.isPresent() && to.isPresent() && from.get().isBefore(to.get())) {
            // A fixed range does not move, so refreshing it would only repeat the same answer.
            return fixed(from.get(), to.get());
        }
        Duration last = first(p, RANGE).flatMap(TimeRange::positive).orElse(DEFAULT_LAST);
        return relative(last, refresh);
    }

    public boolean isRelative() {
        return last != null;
    }

    /** The start, as of {@code clock}'s now for a relative range. */
    public Instant start(Clock clock) {
        return isRelative() ? clock.instant().minus(last) : from;
    }

    /** The end, {@code clock}'s now for a relative range. */
    public Instant end(Clock clock) {
        return isRelative() ? clock.instant() : to;
    }

    public Duration span() {
        return isRelative() ? last : Duration.between(from, to);
    }

    public TimeRange withRefresh(Duration interval) {
        return isRelative() ? relative(last, interval) : this;
    }

    /** These parameters merged over {@code others} (the view's own, e.g. a query), which keep their order. */
    public QueryParameters mergeInto(QueryParameters others) {
        Map<String, List<String>> merged = new LinkedHashMap<>(others.getParameters());
        merged.keySet().removeAll(List.of(RANGE, FROM, TO, REFRESH));
        merged.putAll(toParameters());
        return new QueryParameters(merged);
    }

    public Map<String, List<String>> toParameters() {
        Map<String, List<String>> p = new HashMap<>();
        if (isRelative()) {
            p.put(RANGE, List.of(DurationText.format(last)));
            p.put(REFRESH, List.of(refresh == null ? "off" : DurationText.format(refresh)));
        } else {
            p.put(FROM, List.of(from.toString()));
            p.put(TO, List.of(to.toString()));
        }
        return p;
    }

    /** A short label: "Last 15m" or the two ends. */
    public String label() {
        return isRelative() ? "Last " + DurationText.format(last) : from + " – " + to;
    }

    private static Optional<String> first(Map<String, List<String>> p, String key) {
        List<String> values = p.get(key);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? Optional.empty()
                : Optional.of(values.getFirst().trim());
    }

    private static Optional<Duration> positive(String text) {
        try {
            Duration d = DurationText.parse(text);
            return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
            } catch (NumberFormatException notMillis) {
                return Optional.empty();
            }
        }
    }
}
