package io.fluxtap.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LogsResourceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Records the searches it is asked and answers with fixed records. */
    private static final class RecordingQuery implements LogQuery {
        final List<LogSearch> searches = new ArrayList<>();
        final List<LogRecord> answer;

        RecordingQuery(List<LogRecord> answer) {
            this.answer = answer;
        }

        @Override
        public List<LogRecord> search(LogSearch search) {
            searches.add(search);
            return answer;
        }

        @Override
        public List<String> entityNames() {
            return List.of();
        }
    }

    @Test
    void answersTheQueryResultAsJson() throws Exception {
        RecordingQuery query = new RecordingQuery(List.of(log("a", Level.ERROR, "second", 2), log("a", Level.WARN, "first", 1)));
        Response response = new LogsResource(query).search("a", List.of("error,WARN"), null, null, null, "5");

        assertEquals(200, response.getStatus());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, response.getMediaType());
        JsonNode json = MAPPER.readTree((byte[]) response.getEntity());
        assertEquals(2, json.get("count").asInt());
        assertEquals("second", json.get("logs").get(0).get("body").asText());
        assertEquals(List.of(new LogSearch("a", Set.of(Level.ERROR, Level.WARN), null, null, null, 5)), query.searches);
    }

    @Test
    void badParametersAre400WithTheReasonAndNeverReachTheStore() throws Exception {
        RecordingQuery query = new RecordingQuery(List.of());
        LogsResource resource = new LogsResource(query);

        assertBadRequest(resource.search(null, List.of("loud"), null, null, null, null), "unknown level 'loud'");
        assertBadRequest(resource.search(null, null, null, "noon", null, null), "from: cannot read 'noon'");
        assertBadRequest(resource.search(null, null, null, null, null, "20000"), "limit must be between 1 and 10000");
        assertBadRequest(resource.search(null, null, null, "2026-11-22T11:00:00Z", "2026-11-22T10:00:00Z", null),
                "from (2026-11-22T11:00:00Z) must be before to");
        assertEquals(List.of(), query.searches);
    }

    private static void assertBadRequest(Response response, String messageStart) throws Exception {
        assertEquals(400, response.getStatus());
        assertEquals(MediaType.APPLICATION_JSON_TYPE, response.getMediaType());
        String error = MAPPER.readTree((byte[]) response.getEntity()).get("error").asText();
        assertEquals(messageStart, error.substring(0, Math.min(error.length(), messageStart.length())), error);
    }
}
