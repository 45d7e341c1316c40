package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid OTLP payloads (every signal, JSON and protobuf): a client's garbage is always the
 * client's error, never a 5xx, and the server keeps serving. Bounded: a fixed number of requests, seeded so a
 * failure can be replayed with {@code -Dfluxtap.fuzz.seed=...}.
 */
class OtlpFuzzEndToEndTest extends FluxtapEndToEnd {

    private static final int MUTATIONS_PER_PAYLOAD = 150;
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../../shared/conformance/otlp/examples");

    @Test
    void mutatedPayloadsNeverGetA5xxAndNeverStopTheServer() throws IOException {
        long seed = Long.getLong("fluxtap.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        for (Seed payload : seeds()) {
            URI uri = URI.create(fluxtap.otlpHttpBase() + payload.path());
            assertEquals(200, TestHttp.post(uri, payload.contentType(), payload.body()).statusCode(),
                    "the unmutated " + payload + " is valid");
            for (int i = 0; i < MUTATIONS_PER_PAYLOAD; i++) {
                byte[] mutated = mutate(payload.body(), random);
                HttpResponse<String> response = TestHttp.post(uri, payload.contentType(), mutated);
                statuses.merge(payload.path() + " " + response.statusCode(), 1, Integer::sum);
                if (response.statusCode() >= 500) {
                    serverErrors.add(payload + " mutation " + i + " -> " + response.statusCode() + ": " + response.body());
                }
                assertTrue(response.statusCode() == 200 || response.statusCode() == 400,
                        "seed " + seed + ": " + payload + " mutation " + i + " got " + response.statusCode() + " " + response.body());
            }
        }
        System.out.println("fuzz statuses (seed " + seed + "): " + statuses);
        assertEquals(List.of(), serverErrors, "seed " + seed);
        assertEquals(200, TestHttp.get(fluxtap.api("/health/live")).statusCode());
        assertEquals("healthy", TestHttp.await(Duration.ofSeconds(20),
                () -> TestHttp.json(TestHttp.get(fluxtap.api("/api/v1/monitoring/health"))).get("status").asText(),
                "healthy"::equals));
    }

    record Seed(String path, String contentType, byte[] body) {
        @Override
        public String toString() {
            return path + " (" + contentType + ")";
        }
    }

    private static List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        for (String[] signal : new String[][] {{"/v1/logs", "logs.json"}, {"/v1/traces", "trace.json"}, {"/v1/metrics", "metrics.json"}}) {
            Path example = EXAMPLES.resolve(signal[1]);
            if (Files.isRegularFile(example)) {
                seeds.add(new Seed(signal[0], "application/json", Files.readAllBytes(example)));
            }
        }
        assertEquals(3, seeds.size(), "the OTLP JSON examples are in " + EXAMPLES);
        seeds.add(new Seed("/v1/logs", "application/x-protobuf", ProtobufSeeds.logs()));
        seeds.add(new Seed("/v1/traces", "application/x-protobuf", ProtobufSeeds.traces()));
        seeds.add(new Seed("/v1/metrics", "application/x-protobuf", ProtobufSeeds.metrics()));
        return seeds;
    }

    /** Bit flips, byte overwrites, truncation, duplication of a slice, deletion of a slice. */
    static byte[] mutate(byte[] body, Random random) {
        byte[] out = body.clone();
        int kind = random.nextInt(5);
        int at = random.nextInt(Math.max(1, out.length));
        switch (kind) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int i = random.nextInt(out.length);
                    out[i] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> out[at] = (byte) random.nextInt(256);
            case 2 -> out = Arrays.copyOf(out, at);
            case 3 -> {
                int len = Math.min(out.length - at, 1 + random.nextInt(32));
                byte[] grown = new byte[out.length + len];
                System.arraycopy(out, 0, grown, 0, at + len);
                System.arraycopy(out, at, grown, at + len, out.length - at);
                out = grown;
            }
            default -> {
                int len = Math.min(out.length - at, 1 + random.nextInt(32));
                byte[] shrunk = new byte[out.length - len];
                System.arraycopy(out, 0, shrunk, 0, at);
                System.arraycopy(out, at + len, shrunk, at, out.length - at - len);
                out = shrunk;
            }
        }
        return out;
    }
}
