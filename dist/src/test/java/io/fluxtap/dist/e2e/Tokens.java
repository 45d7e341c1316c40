package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxtap.dist.arquillian.RunningFluxtap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** API tokens of a server started with access control on, made through its admin API as an operator would. */
final class Tokens {

    private Tokens() {
    }

    /** The secret of the admin token the server made at its first start. */
    static String bootstrap(RunningFluxtap fluxtap) {
        try {
            return Files.readString(fluxtap.dataDir().resolve("bootstrap-admin.token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new token's secret; {@code scopes} as the API takes them ("ingest", "read,write"). */
    static String create(RunningFluxtap fluxtap, String admin, String name, String scopes) {
        HttpResponse<String> created = TestHttp.post(fluxtap.api("/api/v1/tokens"), "application/json",
                ("{\"name\":\"" + name + "\",\"scopes\":\"" + scopes + "\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + admin);
        assertEquals(201, created.statusCode(), created.body());
        return TestHttp.json(created).get("secret").asText();
    }
}
