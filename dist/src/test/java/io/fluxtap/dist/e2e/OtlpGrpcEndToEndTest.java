package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenTelemetry SDK's gRPC exporters against Fluxtap's OTLP/gRPC socket. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OtlpGrpcEndToEndTest {

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() {
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-grpc.jar");
    }

    @Test
    void logsOverGrpcAreStoredExactly() {
        logsOverGrpc("none");
    }

    @Test
    void gzipCompressedGrpcMessagesAreAccepted() {
        logsOverGrpc("gzip");
    }

    private void logsOverGrpc(String compression) {
        String service = "grpc-" + compression + "-" + UUID.randomUUID();
        OtlpGrpcLogRecordExporter exporter = OtlpGrpcLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpGrpc()).setCompression(compression).build();
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build()).build()) {
            Logger logger = provider.get("grpc-test");
            for (int i = 0; i < 50; i++) {
                logger.logRecordBuilder().setSeverity(i % 2 == 0 ? Severity.INFO : Severity.WARN)
                        .setBody("grpc record " + i)
                        .setAttribute(AttributeKey.longKey("n"), (long) i).emit();
            }
            CompletableResultCode flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
            assertTrue(flushed.isSuccess(), "the SDK's gRPC export to Fluxtap failed");
        }
        JsonNode logs = await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?limit=100&entity_name=" + q(service)))).get("logs"),
                found -> found.size() == 50);
        for (int i = 0; i < 50; i++) {
            JsonNode log = logs.get(49 - i);
            assertEquals("grpc record " + i, log.get("body").asText(), "newest first, bodies exact");
            assertEquals(i, log.get("attributes").get("n").asLong());
            assertEquals(i % 2 == 0 ? "info" : "warn", log.get("level").asText());
        }
    }
}
