package io.fluxtap.ingestion.remotewrite;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.ingestion.remotewrite.WriteRequest.Label;
import io.fluxtap.ingestion.remotewrite.WriteRequest.Metadata;
import io.fluxtap.ingestion.remotewrite.WriteRequest.Sample;
import io.fluxtap.ingestion.remotewrite.WriteRequest.TimeSeries;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a decoded request's series into {@link MetricSample}s, or refuses the request when a series is not a
 * valid Prometheus series: no {@code __name__}, a name or label name outside Prometheus' classic character
 * set (what Prometheus 2.x validates; Prometheus 3's UTF-8 names are refused), or a label given twice.
 * Labels with an empty value are left out, as Prometheus treats them as absent. The {@code job} label becomes
 * the sample's entity name, as OTLP's service.name becomes {@code job} the other way round.
 */
final class SampleMapper {

    private static final String NAME = "__name__";
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final MetadataCatalog catalog;

    private final TimestampBounds bounds;

    /** With the default time bounds around the system clock. */
    SampleMapper(MetadataCatalog catalog) {
        this(catalog, TimestampBounds.withDefaults(Clock.systemUTC()));
    }

    SampleMapper(MetadataCatalog catalog, TimestampBounds bounds) {
        this.catalog = catalog;
        this.bounds = bounds;
    }

    /** What a request becomes: its samples in request order, and how many native histogram samples it carried. */
    record Mapped(List<MetricSample> samples, int histograms) {
    }

    /**
     * @throws RemoteWriteRejected for a bad series or a sample outside {@link TimestampBounds}: the whole request is
     *                             refused with 400, as Prometheus refuses a request with an out-of-bounds sample
     */
    Mapped map(WriteRequest request) throws RemoteWriteRejected {
        Instant now = bounds.clock().instant();
        catalog.remember(request.metadata());
        List<MetricSample> samples = new ArrayList<>();
        int histograms = 0;
        for (TimeSeries series : request.timeseries()) {
            histograms += series.histograms();
            if (series.samples().isEmpty()) {
                continue;
            }
            String name = null;
            Map<String, String> labels = new HashMap<>();
            for (Label label : series.labels()) {
                if (!LABEL_NAME.matcher(label.name()).matches()) {
                    throw RemoteWriteRejected.invalidSamples("invalid label name '" + label.name() + "' in series "
                            + describe(series));
                }
                boolean repeated = NAME.equals(label.name()) ? name != null : labels.containsKey(label.name());
                if (repeated) {
                    throw RemoteWriteRejected.invalidSamples("label '" + label.name() + "' given twice in series "
                            + describe(series));
                }
                if (NAME.equals(label.name())) {
                    name = label.value();
                } else if (!label.value().isEmpty()) {
                    labels.put(label.name(), label.value());
                }
            }
            if (name == null || name.isEmpty()) {
                throw RemoteWriteRejected.invalidSamples("series without __name__: " + describe(series));
            }
            if (!METRIC_NAME.matcher(name).matches()) {
                throw RemoteWriteRejected.invalidSamples("invalid metric name '" + name + "'");
            }
            Optional<Metadata> metadata = catalog.find(name);
            MetricType type = metadata.map(Metadata::type).orElse(MetricType.UNKNOWN);
            String unit = metadata.map(Metadata::unit).orElse(null);
            String help = metadata.map(Metadata::help).orElse(null);
            String job = labels.get("job");
            for (Sample sample : series.samples()) {
                Instant time = Instant.ofEpochMilli(sample.timestampMs());
                String outOfRange = bounds.problem(time, now);
                if (outOfRange != null) {
                    throw RemoteWriteRejected.timestampOutOfRange("sample at " + sample.timestampMs() + " ms (" + time
                            + ") of series " + describe(series) + ": " + outOfRange + "; nothing of the request was stored");
                }
                samples.add(new MetricSample(time, name, labels, sample.value(),
                        type, unit, help, null, null, job, null, List.of()));
            }
        }
        return new Mapped(samples, histograms);
    }

    private static String describe(TimeSeries series) {
        StringBuilder text = new StringBuilder("{");
        for (Label label : series.labels()) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(label.name()).append("=\"").append(label.value()).append('"');
        }
        return text.append('}').toString();
    }
}
