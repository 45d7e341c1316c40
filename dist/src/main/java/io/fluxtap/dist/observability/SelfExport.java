package io.fluxtap.dist.observability;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.Signal;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.otlp.OtlpExports;
import io.fluxtap.ingestion.otlp.OtlpSignal;
import io.fluxtap.ingestion.otlp.OtlpSignals;
import io.fluxtap.ingestion.otlp.RequestRejected;
import io.fluxtap.ingestion.otlp.translate.Decoded;
import io.fluxtap.ingestion.sanitize.AttributeSanitizer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Where Fluxtap's own spans and logs go, as OTLP protobuf requests: into its own receivers' pipeline (the records are
 * decoded, sanitised, masked and routed to the lanes exactly as a sender's are, with no HTTP and no token in
 * between, and nothing of that export is traced, so it cannot loop), or posted to an OTLP/HTTP endpoint.
 */
sealed interface SelfExport {

    /** @return false when the records could not be handed on (the SDK counts them as failed) */
    boolean traces(byte[] request);

    boolean logs(byte[] request);

    static SelfExport of(SelfTelemetrySettings settings) {
        return settings.otlpEndpoint().<SelfExport>map(Http::new).orElseGet(InProcess::new);
    }

    /** The container's ingest beans, looked up at the first export (the SDK starts before the container is up). */
    final class InProcess implements SelfExport {
        private volatile OtlpExports exports;
        private volatile OtlpSignals signals;
        private volatile OwnLogs logs;

        @Override
        public boolean traces(byte[] request) {
            try {
                prepare();
                exports.export(signals.traces(), ExportTraceServiceRequest.parseFrom(request));
                return true;
            } catch (InvalidProtocolBufferException | RequestRejected | IllegalStateException e) {
                return false;
            }
        }

        @Override
        public boolean logs(byte[] request) {
            try {
                prepare();
                exports.export(logs, ExportLogsServiceRequest.parseFrom(request));
                return true;
            } catch (InvalidProtocolBufferException | RequestRejected | IllegalStateException e) {
                return false;
            }
        }

        private void prepare() {
            if (exports == null) {
                CDI<Object> container = CDI.current();
                signals = container.select(OtlpSignals.class).get();
                logs = new OwnLogs(signals.logs());
                exports = new OtlpExports(container.select(LaneRouter.class).get(),
                        container.select(IngestMetrics.class).get(), container.select(AttributeSanitizer.class).get());
            }
        }
    }

    /**
     * The OTLP logs signal with Fluxtap's own records published as telemetry, lane P2 whatever their level (issue
     * #17); a sender's INFO record takes P1, and Fluxtap's own must never take the write-ahead log's room from it.
     */
    record OwnLogs(OtlpSignal<ExportLogsServiceRequest, ExportLogsServiceResponse, LogRecord> logs)
            implements OtlpSignal<ExportLogsServiceRequest, ExportLogsServiceResponse, LogRecord> {

        @Override
        public Signal signal() {
            return logs.signal();
        }

        @Override
        public ExportLogsServiceRequest emptyRequest() {
            return logs.emptyRequest();
        }

        @Override
        public Decoded<LogRecord> decode(ExportLogsServiceRequest request) {
            return logs.decode(request);
        }

        @Override
        public IngestOutcome publish(LaneRouter lanes, List<LogRecord> records) {
            return lanes.publishTelemetryLogs(records);
        }

        @Override
        public ExportLogsServiceResponse reply(long rejected, String errorMessage) {
            return logs.reply(rejected, errorMessage);
        }

        @Override
        public String droppedMessage(int dropped) {
            return logs.droppedMessage(dropped);
        }
    }

    /** OTLP/HTTP protobuf, as the OpenTelemetry SDK's own exporter posts it. */
    final class Http implements SelfExport {
        private static final Duration TIMEOUT = Duration.ofSeconds(10);
        private final URI base;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

        Http(URI base) {
            this.base = base;
        }

        @Override
        public boolean traces(byte[] request) {
            return post("/v1/traces", request);
        }

        @Override
        public boolean logs(byte[] request) {
            return post("/v1/logs", request);
        }

        private boolean post(String path, byte[] body) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
