package io.fluxtap.dist.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** JUL records as OpenTelemetry log records, on a real SDK with a collecting exporter. */
class SelfLogHandlerTest {

    private final List<LogRecordData> shipped = new ArrayList<>();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(
                    new LogRecordExporter() {
                        @Override
                        public CompletableResultCode export(Collection<LogRecordData> logs) {
                            shipped.addAll(logs);
                            return CompletableResultCode.ofSuccess();
                        }

                        @Override
                        public CompletableResultCode flush() {
                            return CompletableResultCode.ofSuccess();
                        }

                        @Override
                        public CompletableResultCode shutdown() {
                            return CompletableResultCode.ofSuccess();
                        }
                    })).build())
            .build();

    @Test
    void aRecordLoggedInsideASpanCarriesItsIdsAndTheRecordsFields() {
        SelfLogHandler handler = new SelfLogHandler(sdk, Level.INFO);
        Span span = sdk.getTracer("test").spanBuilder("request").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            LogRecord record = new LogRecord(Level.WARNING, "lane {0} is full");
            record.setParameters(new Object[] {"P2"});
            record.setLoggerName("io.fluxtap.ingestion.lane.LaneRouter");
            record.setThrown(new IllegalStateException("ring full"));
            handler.publish(record);
        } finally {
            span.end();
        }
        assertEquals(1, shipped.size());
        LogRecordData log = shipped.getFirst();
        assertEquals(span.getSpanContext().getTraceId(), log.getSpanContext().getTraceId());
        assertEquals(span.getSpanContext().getSpanId(), log.getSpanContext().getSpanId());
        assertEquals("lane P2 is full", log.getBody().asString());
        assertEquals(Severity.WARN, log.getSeverity());
        assertEquals("WARNING", log.getSeverityText());
        assertEquals("io.fluxtap.ingestion.lane.LaneRouter", log.getInstrumentationScopeInfo().getName());
        assertEquals("java.lang.IllegalStateException", log.getAttributes().get(AttributeKey.stringKey("exception.type")));
        assertTrue(log.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")).contains("ring full"));
    }

    @Test
    void belowTheLevelAndTheSdksOwnLoggersAreNotShipped() {
        SelfLogHandler handler = new SelfLogHandler(sdk, Level.INFO);
        LogRecord fine = new LogRecord(Level.FINE, "detail");
        fine.setLoggerName("io.fluxtap.x");
        handler.publish(fine);
        LogRecord sdkOwn = new LogRecord(Level.WARNING, "export failed");
        sdkOwn.setLoggerName("io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor");
        handler.publish(sdkOwn);
        assertEquals(List.of(), shipped);
        assertEquals(Severity.ERROR, SelfLogHandler.severity(Level.SEVERE));
        assertEquals(Severity.DEBUG, SelfLogHandler.severity(Level.FINE));
        assertEquals(Severity.TRACE, SelfLogHandler.severity(Level.FINEST));
    }

    @Test
    void settingsAreReadAndBadOnesRefused() {
        assertEquals(Map.of("a", "1", "b", "x=y"), SelfTelemetrySettings.attributes(" a=1, b=x=y ,"));
        assertThrows(IllegalArgumentException.class, () -> SelfTelemetrySettings.attributes("novalue"));
        assertThrows(IllegalArgumentException.class, () -> new SelfTelemetrySettings(true, "fluxtap",
                java.util.Optional.empty(), 1.5, Map.of(), Level.INFO));
        Map<String, String> otel = SelfTelemetryCustomizer.properties(new SelfTelemetrySettings(true, "fx",
                java.util.Optional.empty(), 0.25, Map.of("team", "ops"), Level.INFO));
        assertEquals("fluxtap", otel.get("otel.traces.exporter"));
        assertEquals("fluxtap", otel.get("otel.logs.exporter"));
        assertEquals("fx", otel.get("otel.service.name"));
        assertEquals("0.25", otel.get("otel.traces.sampler.arg"));
        assertEquals("team=ops", otel.get("otel.resource.attributes"));
        assertEquals(Map.of(), SelfTelemetryCustomizer.properties(new SelfTelemetrySettings(false, "fluxtap",
                java.util.Optional.empty(), 1, Map.of(), Level.INFO)), "off: the shipped otel.* settings stand");
    }
}
