package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.testing.ServerTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.storage.promql.parse.Parser;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's limits through /prometheus/api/v1 with the real engine (no test double): a query nested past the
 * parser's limit is bad_data, one that would hold more samples than fluxtap.promql.max-samples is execution.
 */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/promql-limits-http-test")
@AddConfig(key = "fluxtap.promql.max-samples", value = "100000")
@AddConfig(key = "fluxtap.promql.query-timeout", value = "10m")
class PromqlLimitsHttpTest extends ServerTest {

    @Test
    void aQueryNestedTooDeeplyIs400BadDataAndTheServerGoesOn() throws Exception {
        for (int depth : new int[] {Parser.MAX_DEPTH + 1, 50_000}) {
            for (String query : new String[] {"(".repeat(depth) + "1" + ")".repeat(depth), "1" + " + 1".repeat(depth)}) {
                JsonNode answer = query(query, 400);
                assertEquals("bad_data", answer.get("errorType").asText(), answer.toString());
                assertTrue(answer.get("error").asText().matches("invalid parameter \"query\": 1:\\d+: parse error: "
                        + "expression nests deeper than the limit of " + Parser.MAX_DEPTH + " levels"), answer.toString());
            }
        }
        int depth = Parser.MAX_DEPTH - 1;
        assertEquals("1", query("(".repeat(depth) + "1" + ")".repeat(depth), 200).get("data").get("result").get(1).asText());
    }

    @Test
    void aSubqueryOverTheSampleLimitIs422ExecutionAtOnce() throws Exception {
        JsonNode answer = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> query("count_over_time(vector(1)[1y:1ms])", 422));
        assertEquals("execution", answer.get("errorType").asText(), answer.toString());
        assertEquals("query processing would load too many samples into memory in query execution",
                answer.get("error").asText());
        assertEquals("2", query("1+1", 200).get("data").get("result").get(1).asText());
    }

    private JsonNode query(String query, int status) throws Exception {
        Form form = new Form().param("query", query).param("time", "1800000000");
        try (Response response = target.path("/prometheus/api/v1/query").request().post(Entity.form(form))) {
            String body = response.readEntity(String.class);
            assertEquals(status, response.getStatus(), body.substring(0, Math.min(300, body.length())));
            return MAPPER.readTree(body);
        }
    }
}
