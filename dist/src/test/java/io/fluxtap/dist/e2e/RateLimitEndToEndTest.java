package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest rate limits per token on the real server (issue #17): a budget of 3 requests refilled at one per 20 s
 * (so no refill lands within a test's few requests), on OTLP/HTTP and OTLP/gRPC; a token over it gets 429 with
 * {@code Retry-After} (gRPC RESOURCE_EXHAUSTED with {@code RetryInfo}), other tokens are not slowed, nothing of a
 * refused request is stored, and each refusal is counted in {@code fluxtap_rate_limit_hits_total}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RateLimitEndToEndTest {

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so this reaches only this server.
        System.setProperty("fluxtap.auth.enabled", "true");
        System.setProperty("fluxtap.auth.rate-limit.requests-per-second", "0.05");
        System.setProperty("fluxtap.auth.rate-limit.burst-seconds", "60");
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-rate-limit.jar");
    }

    @Test
    void aTokenOverItsBudgetGets429WithRetryAfterAndOthersAreNotSlowed() throws IOException {
        String admin = bootstrapToken();
        String busy = create(admin, "rl-http-busy", "ingest");
        String other = create(admin, "rl-http-other", "ingest");
        String reader = create(admin, "rl-http-reader", "read");
        String service = "rate-http-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> accepted = postLog(service, "accepted " + i, busy);
            assertEquals(200, accepted.statusCode(), "request " + i + " of the budget: " + accepted.body());
        }
        HttpResponse<String> refused = postLog(service, "refused", busy);
        assertEquals(429, refused.statusCode(), refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
        assertEquals("rate limit: sender 'rl-http-busy' may send 0.05 requests/s; retry after " + retryAfter + " s\n",
                refused.body());
        assertEquals(200, postLog(service, "other token", other).statusCode(), "another token has its own budget");

        URI logs = fluxtap.api("/api/v1/logs?limit=100&entity_name=" + q(service));
        JsonNode found = await(Duration.ofSeconds(20),
                () -> json(TestHttp.get(logs, "Authorization", "Bearer " + reader)).get("logs"), l -> l.size() >= 4);
        List<String> bodies = new ArrayList<>();
        found.forEach(l -> bodies.add(l.get("body").asText()));
        assertEquals(List.of("accepted 0", "accepted 1", "accepted 2", "other token"), bodies.stream().sorted().toList(),
                "the refused request is not stored");
        assertEquals(1, hits("rl-http-busy"));
        assertEquals(0, hits("rl-http-other"));
    }

    @Test
    void overGrpcTheCallEndsResourceExhaustedWithRetryInfo() throws IOException {
        String sender = create(bootstrapToken(), "rl-grpc", "ingest");
        URI target = URI.create(fluxtap.otlpGrpc());
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(target.getHost(), target.getPort(),
                InsecureChannelCredentials.create()).build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + sender);
            LogsServiceGrpc.LogsServiceBlockingStub logs = LogsServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            for (int i = 0; i < 3; i++) {
                logs.withDeadlineAfter(15, TimeUnit.SECONDS).export(request("rate-grpc", "accepted " + i));
            }
            try {
                logs.withDeadlineAfter(15, TimeUnit.SECONDS).export(request("rate-grpc", "refused"));
                fail("the fourth export was accepted");
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().startsWith("rate limit: sender 'rl-grpc' may send"),
                        e.getStatus().getDescription());
                com.google.rpc.Status details = StatusProto.fromThrowable(e);
                assertTrue(details != null && details.getDetailsCount() == 1, "details: " + details);
                Any detail = details.getDetails(0);
                long seconds = detail.unpack(RetryInfo.class).getRetryDelay().getSeconds();
                assertTrue(seconds >= 1 && seconds <= 20, "retry delay " + seconds);
            }
        } finally {
            channel.shutdownNow();
        }
        assertEquals(1, hits("rl-grpc"));
    }

    private static ExportLogsServiceRequest request(String service, String body) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setBody(AnyValue.newBuilder().setStringValue(body))))).build();
    }

    private HttpResponse<String> postLog(String service, String body, String token) {
        String json = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"" + service + "\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"body\":"
                + "{\"stringValue\":\"" + body + "\"}}]}]}]}";
        return TestHttp.post(URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), "application/json",
                json.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + token);
    }

    /** The refusals counted for the sender on /metrics (open on loopback). */
    private long hits(String sender) {
        String metrics = TestHttp.get(fluxtap.api("/metrics")).body();
        Matcher m = Pattern.compile("(?m)^fluxtap_rate_limit_hits_total\\{([^}]*)} (\\S+)$").matcher(metrics);
        long total = 0;
        while (m.find()) {
            if (m.group(1).contains("identifier=\"" + sender + "\"") && m.group(1).contains("limiter=\"requests\"")) {
                total += (long) Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    private String bootstrapToken() throws IOException {
        return Files.readString(fluxtap.dataDir().resolve("bootstrap-admin.token")).strip();
    }

    private String create(String admin, String name, String scopes) {
        HttpResponse<String> created = TestHttp.post(fluxtap.api("/api/v1/tokens"), "application/json",
                ("{\"name\":\"" + name + "\",\"scopes\":\"" + scopes + "\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + admin);
        assertEquals(201, created.statusCode(), created.body());
        return json(created).get("secret").asText();
    }
}
