package io.fluxtap.ingestion.otlp;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.Signal;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.otlp.translate.Decoded;
import io.fluxtap.ingestion.otlp.translate.OtlpMetricsDecoder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import java.util.List;

/**
 * OTLP metrics: {@code /v1/metrics} and {@code MetricsService/Export}. Each instance keeps its own running
 * totals of DELTA streams, so a transport should use one instance for all its exports.
 */
final class MetricsSignal
        implements OtlpSignal<ExportMetricsServiceRequest, ExportMetricsServiceResponse, MetricSample> {

    private final OtlpMetricsDecoder decoder;

    MetricsSignal(TimestampBounds bounds) {
        this.decoder = new OtlpMetricsDecoder(bounds);
    }

    @Override
    public Signal signal() {
        return Signal.METRICS;
    }

    @Override
    public ExportMetricsServiceRequest emptyRequest() {
        return ExportMetricsServiceRequest.getDefaultInstance();
    }

    @Override
    public Decoded<MetricSample> decode(ExportMetricsServiceRequest request) {
        return decoder.decode(request);
    }

    @Override
    public IngestOutcome publish(LaneRouter lanes, List<MetricSample> records) {
        return lanes.publishMetrics(records);
    }

    @Override
    public ExportMetricsServiceResponse reply(long rejected, String errorMessage) {
        ExportMetricsServiceResponse.Builder reply = ExportMetricsServiceResponse.newBuilder();
        if (rejected > 0) {
            reply.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(rejected).setErrorMessage(errorMessage));
        }
        return reply.build();
    }

    /** Lanes count samples; a histogram point is several of them, so the sender reads samples here. */
    @Override
    public String droppedMessage(int dropped) {
        return dropped + " metric samples dropped: lane P2 is full";
    }
}
