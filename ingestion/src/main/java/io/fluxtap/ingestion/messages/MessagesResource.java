package io.fluxtap.ingestion.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Signal;
import io.fluxtap.api.wire.WireSpec;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.metrics.RejectReason;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import io.fluxtap.ingestion.budget.BudgetedBody;
import io.fluxtap.ingestion.budget.InflightBytes;
import io.fluxtap.ingestion.budget.OverBudget;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/v1/messages/{wire_id}}: business messages in, flux ids out once the messages are durable.
 *
 * <p>The body is one JSON object or an array of them ({@code Content-Type: application/json}); each is a message
 * of the wire, checked against its spec ({@link io.fluxtap.api.wire} describes specs). A request is taken all or
 * none: 200 {@code {"accepted": n, "flux_ids": ["...", ...]}} in request order, after the messages are fsynced
 * in lane P0's write-ahead log (flux ids are unsigned 64-bit decimals, in strings because JavaScript numbers
 * stop being exact at 2^53). Refusals are {@code {"error": "..."}}: 400 malformed JSON, a non-object item or an
 * empty array; 404 unknown wire; 413 over {@code fluxtap.messages.max-request-bytes} or
 * {@code fluxtap.messages.max-batch} messages; 415 not JSON; 422 a message that misses a required promoted
 * field or has one of the wrong type, or whose time lies outside {@link TimestampBounds} (more than
 * {@code fluxtap.ingest.max-future-skew} ahead of the server clock, or before 1970; {@code "field": "ts"}), with
 * {@code "field"} (the column) and {@code "index"} (the message's position); 429 (write-ahead log full) and 503 (shutting down, or the log could not confirm the write) with
 * Retry-After. A 503 whose outcome is unknown also lists the flux ids, so a retry can carry them and be stored
 * once. A W3C {@code traceparent} header gives the messages its trace id and span id.
 *
 * <p>The JSON is written with Jackson here rather than by a JAX-RS provider, as the other resources do.
 */
@Path("/api/v1/messages")
@ApplicationScoped
public class MessagesResource {

    private static final Logger LOG = System.getLogger(MessagesResource.class.getName());
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    /** Seconds a sender should wait before retrying a 429 or 503: the store drains the log that fast. */
    private static final int RETRY_AFTER_SECONDS = 2;

    private final WireSpecs wires;
    private final LaneRouter lanes;
    private final IngestMetrics metrics;
    private final MessageDecoder decoder;
    private final long maxRequestBytes;
    private final Clock clock;
    private final InflightBytes inflight;

    /** @param bounds the times a message may carry; its clock gives the time of arrival */
    @Inject
    public MessagesResource(WireSpecs wires, FluxIdGenerator ids, LaneRouter lanes, IngestMetrics metrics,
                            @ConfigProperty(name = "fluxtap.messages.max-request-bytes", defaultValue = "16777216")
                            long maxRequestBytes,
                            @ConfigProperty(name = "fluxtap.messages.max-batch", defaultValue = "10000")
                            int maxBatch,
                            TimestampBounds bounds,
                            InflightBytes inflight) {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException(
                    "fluxtap.messages.max-request-bytes must be positive, was " + maxRequestBytes);
        }
        this.wires = wires;
        this.lanes = lanes;
        this.metrics = metrics;
        this.decoder = new MessageDecoder(ids, maxBatch, bounds);
        this.maxRequestBytes = maxRequestBytes;
        this.clock = bounds.clock();
        this.inflight = inflight;
    }

    @POST
    @Path("/{wireId: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("wireId") String wireId,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                            @HeaderParam("traceparent") String traceparent,
                            InputStream body) {
        // Held until the messages are durable or refused: the body and the decoded messages are on the heap.
        try (InflightBytes.Lease lease = inflight.open()) {
            WireSpec wire = wires.find(wireId).orElseThrow(() -> MessageRejected.unknownWire(wireId));
            requireJson(contentType);
            byte[] bytes = readBody(contentLength, body, lease);
            return publish(decoder.decode(wire, bytes, TraceParent.parse(traceparent).orElse(null), clock.instant()));
        } catch (MessageRejected rejected) {
            metrics.rejected(Signal.MESSAGES, rejected.reason(), 1);
            Response.ResponseBuilder answer = error(rejected.status(), rejected.getMessage(), rejected.field(), rejected.index());
            if (rejected.status() == 429) {
                answer.header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            }
            return answer.build();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "messages for wire " + wireId + " failed unexpectedly", e);
            return error(500, "internal error; see the Fluxtap log", null, null).build();
        }
    }

    private Response publish(List<BusinessMessage> messages) {
        IngestOutcome outcome = lanes.publishMessages(messages);
        return switch (outcome.result()) {
            case ACCEPTED ->
                    json(200, fluxIds(MAPPER.createObjectNode().put("accepted", messages.size()), messages)).build();
            case THROTTLED -> retryLater(429, RejectReason.THROTTLED, messages,
                    "the write-ahead log is full until the store catches up; nothing was stored; retry later", false);
            case CLOSED -> retryLater(503, RejectReason.OVERLOADED, messages,
                    "the server is shutting down; nothing was stored; retry later", false);
            case OVERLOADED -> retryLater(503, RejectReason.OVERLOADED, messages,
                    "lane P0 could not take the messages in time; nothing was stored; retry later", false);
            case UNAVAILABLE -> retryLater(503, RejectReason.OVERLOADED, messages,
                    "the write-ahead log could not confirm the messages, so they may or may not be stored; "
                            + "retry with the flux ids listed here and each is stored once", true);
        };
    }

    private Response retryLater(int status, RejectReason reason, List<BusinessMessage> messages, String message,
                                boolean withIds) {
        metrics.rejected(Signal.MESSAGES, reason, messages.size());
        ObjectNode body = MAPPER.createObjectNode().put("error", message);
        return json(status, withIds ? fluxIds(body, messages) : body)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .build();
    }

    private static ObjectNode fluxIds(ObjectNode body, List<BusinessMessage> messages) {
        ArrayNode ids = body.putArray("flux_ids");
        messages.forEach(m -> ids.add(Long.toUnsignedString(m.fluxId())));
        return body;
    }

    /** application/json and the {@code +json} types; JSON is UTF-8 (RFC 8259), so another charset is refused. */
    private static void requireJson(String contentType) throws MessageRejected {
        if (contentType == null || contentType.isBlank()) {
            throw MessageRejected.unsupportedMediaType("send the messages as JSON with Content-Type: application/json");
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw MessageRejected.unsupportedMediaType("Content-Type '" + contentType + "' cannot be read; "
                    + "send application/json");
        }
        boolean json = "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
        if (!json) {
            throw MessageRejected.unsupportedMediaType("Content-Type " + type + " is not JSON; send application/json");
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !isUtf8(charset)) {
            throw MessageRejected.unsupportedMediaType("JSON must be UTF-8, the request says charset=" + charset);
        }
    }

    private static boolean isUtf8(String charset) {
        try {
            return Charset.forName(charset).equals(StandardCharsets.UTF_8);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    /**
     * Never buffers more than the limit plus one byte: a declared Content-Length over the limit is refused
     * before reading, and the read stops one byte past the limit.
     */
    private byte[] readBody(String contentLength, InputStream body, InflightBytes.Lease lease) throws MessageRejected {
        long declared = -1;
        if (contentLength != null) {
            try {
                declared = Long.parseLong(contentLength.strip());
                if (declared > maxRequestBytes) {
                    throw MessageRejected.tooLarge("the request body of " + declared + " bytes is over the limit of "
                            + maxRequestBytes + " bytes");
                }
            } catch (NumberFormatException e) {
                throw MessageRejected.malformed("Content-Length '" + contentLength + "' is not a number");
            }
        }
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        try (InputStream in = body) {
            bytes = BudgetedBody.read(in, declared, (int) Math.min(maxRequestBytes + 1, Integer.MAX_VALUE - 8), lease);
        } catch (OverBudget e) {
            throw MessageRejected.overBudget(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw MessageRejected.malformed("the request body could not be read: " + e.getMessage());
        }
        if (bytes.length > maxRequestBytes) {
            throw MessageRejected.tooLarge("the request body is over the limit of " + maxRequestBytes + " bytes");
        }
        return bytes;
    }

    private static Response.ResponseBuilder error(int status, String message, String field, Integer index) {
        ObjectNode body = MAPPER.createObjectNode().put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        if (index != null) {
            body.put("index", index);
        }
        return json(status, body);
    }

    private static Response.ResponseBuilder json(int status, ObjectNode body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
