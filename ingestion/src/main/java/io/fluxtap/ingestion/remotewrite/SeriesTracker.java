package io.fluxtap.ingestion.remotewrite;

import io.fluxtap.api.MetricSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' append rules for remote-written samples, per series (name and labels): a sample must be newer
 * than the newest one accepted; one with the same timestamp and the same value (bit for bit, so stale markers
 * compare equal) is a re-send and is silently left out; one with the same timestamp and another value is a
 * duplicate, one with an older timestamp is out of order. Prometheus answers a request holding either with
 * 400, keeping none of it (its appender rolls back), so the sender does not retry it; so does Fluxtap. A
 * request is checked in order, so a series going back in time inside one request is refused as well (where
 * Prometheus' head would drop just the older sample at commit).
 *
 * <p>What is remembered is the newest timestamp and value of each series, in memory and bounded: when more
 * series than the bound are tracked, the least recently written is forgotten, and after a restart the tracker
 * starts empty. A forgotten series takes whatever comes next, so an old sample re-sent after a restart is
 * stored a second time. Prometheus' out-of-order window ({@code out_of_order_time_window}) is not offered.
 */
final class SeriesTracker {

    private record SeriesKey(String name, Map<String, String> labels) {
    }

    private record Newest(long timestampMs, long valueBits) {
    }

    /** What a request would change, to apply once its samples are taken. */
    record Admission(List<MetricSample> fresh) {
    }

    private final Map<SeriesKey, Newest> newest;

    SeriesTracker(int maxSeries) {
        this.newest = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SeriesKey, Newest> eldest) {
                return size() > maxSeries;
            }
        };
    }

    /**
     * Checks a request's samples against what was accepted before and against each other; changes nothing.
     *
     * @return the samples to store: all but identical re-sends
     * @throws RemoteWriteRejected 400 for the first out-of-order or duplicate sample
     */
    synchronized Admission admit(List<MetricSample> samples) throws RemoteWriteRejected {
        Map<SeriesKey, Newest> pending = new HashMap<>();
        List<MetricSample> fresh = new ArrayList<>(samples.size());
        for (MetricSample sample : samples) {
            SeriesKey key = new SeriesKey(sample.name(), sample.labels());
            Newest candidate = new Newest(sample.timestamp().toEpochMilli(), Double.doubleToRawLongBits(sample.value()));
            Newest last = pending.containsKey(key) ? pending.get(key) : newest.get(key);
            if (last != null && candidate.timestampMs() < last.timestampMs()) {
                throw RemoteWriteRejected.invalidSamples("out of order sample for series " + describe(key)
                        + ": timestamp " + candidate.timestampMs() + " is older than " + last.timestampMs());
            }
            if (last != null && candidate.timestampMs() == last.timestampMs()) {
                if (candidate.valueBits() != last.valueBits()) {
                    throw RemoteWriteRejected.invalidSamples("duplicate sample for timestamp " + candidate.timestampMs()
                            + " of series " + describe(key) + " with a different value");
                }
                continue;
            }
            pending.put(key, candidate);
            fresh.add(sample);
        }
        return new Admission(fresh);
    }

    /** Remembers the samples that were taken (a prefix of an admission's fresh samples, in order). */
    synchronized void accepted(List<MetricSample> taken) {
        for (MetricSample sample : taken) {
            newest.put(new SeriesKey(sample.name(), sample.labels()),
                    new Newest(sample.timestamp().toEpochMilli(), Double.doubleToRawLongBits(sample.value())));
        }
    }

    private static String describe(SeriesKey key) {
        return key.name() + key.labels();
    }
}
