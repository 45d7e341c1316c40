package io.fluxtap.dist.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Fluxtap's own JUL records (its System.Logger calls and the libraries' logs) as OpenTelemetry log records, each with
 * the span context of the thread that logged it, so a request's logs carry its trace and span ids. Written by hand:
 * OpenTelemetry's JUL instrumentation library does not resolve here, and the mapping is a dozen lines. The SDK's own
 * loggers are left out, and a record logged while this handler emits (by the export path) is dropped, so shipping
 * logs can never feed itself.
 */
final class SelfLogHandler extends Handler {

    private static final AttributeKey<String> LOGGER = AttributeKey.stringKey("log.logger");
    private static final AttributeKey<String> THREAD = AttributeKey.stringKey("thread.name");
    private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    private static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    private final OpenTelemetry telemetry;
    private final SimpleFormatter messages = new SimpleFormatter();
    private final ThreadLocal<Boolean> emitting = ThreadLocal.withInitial(() -> false);

    SelfLogHandler(OpenTelemetry telemetry, Level least) {
        this.telemetry = telemetry;
        setLevel(least);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record) || emitting.get() || from(record, "io.opentelemetry")) {
            return;
        }
        emitting.set(true);
        try {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            LogRecordBuilder log = telemetry.getLogsBridge().get(logger.isEmpty() ? "root" : logger).logRecordBuilder()
                    .setTimestamp(record.getInstant())
                    .setSeverity(severity(record.getLevel()))
                    .setSeverityText(record.getLevel().getName())
                    .setBody(messages.formatMessage(record))
                    .setAttribute(LOGGER, logger)
                    .setAttribute(THREAD, Thread.currentThread().getName());
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                log.setAttribute(EXCEPTION_TYPE, thrown.getClass().getName())
                        .setAttribute(EXCEPTION_STACKTRACE, trace.toString());
                if (thrown.getMessage() != null) {
                    log.setAttribute(EXCEPTION_MESSAGE, thrown.getMessage());
                }
            }
            log.emit();
        } catch (RuntimeException e) {
            reportError("cannot ship a log record", e, 0);
        } finally {
            emitting.set(false);
        }
    }

    private static boolean from(LogRecord record, String prefix) {
        return record.getLoggerName() != null && record.getLoggerName().startsWith(prefix);
    }

    static Severity severity(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return Severity.ERROR;
        }
        if (value >= Level.WARNING.intValue()) {
            return Severity.WARN;
        }
        if (value >= Level.INFO.intValue()) {
            return Severity.INFO;
        }
        if (value >= Level.FINE.intValue()) {
            return Severity.DEBUG;
        }
        return Severity.TRACE;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
