package io.fluxtap.dist.observability;

import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The SDK's exporters named {@value #NAME} ({@code otel.traces.exporter} and {@code otel.logs.exporter}, set by
 * {@link SelfTelemetryCustomizer}): the batches are marshalled to OTLP protobuf by the SDK's own OTLP marshalers (so
 * they are exactly what the SDK's OTLP exporter would send) and handed to a {@link SelfExport}.
 */
public final class SelfTelemetryExporters {

    static final String NAME = "fluxtap";

    private SelfTelemetryExporters() {
    }

    /** The batch as OTLP protobuf, handed to {@code sink}; a failure there or in the encoding fails the batch. */
    private static CompletableResultCode send(Marshaler batch, Predicate<byte[]> sink) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.getBinarySerializedSize());
        try {
            batch.writeBinaryTo(out);
        } catch (IOException e) {
            return CompletableResultCode.ofFailure();
        }
        return sink.test(out.toByteArray()) ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    private static SelfExport export() {
        return SelfExport.of(SelfTelemetrySettings.from(ConfigProvider.getConfig()));
    }

    /** Loaded by the SDK's autoconfiguration (META-INF/services). */
    public static final class Spans implements ConfigurableSpanExporterProvider {
        @Override
        public SpanExporter createExporter(ConfigProperties config) {
            SelfExport target = export();
            return new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    return send(TraceRequestMarshaler.create(spans), target::traces);
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** Loaded by the SDK's autoconfiguration (META-INF/services). */
    public static final class Logs implements ConfigurableLogRecordExporterProvider {
        @Override
        public LogRecordExporter createExporter(ConfigProperties config) {
            SelfExport target = export();
            return new LogRecordExporter() {
                @Override
                public CompletableResultCode export(Collection<LogRecordData> logs) {
                    return send(LogsRequestMarshaler.create(logs), target::logs);
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
