package io.fluxtap.ingestion.messages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.wire.PromotedType;
import io.fluxtap.api.wire.WireSpec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a request body (one JSON object, or an array of them) into business messages of a wire, all or none:
 * the first message that does not fit the wire spec refuses the request. Each message keeps its JSON text
 * exactly as it was sent; what is checked is the parsed value.
 */
final class MessageDecoder {

    /** A repeated key would make "the" value of a promoted field a matter of parser taste. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern UNSIGNED_DECIMAL = Pattern.compile("[0-9]{1,20}");
    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

    private final FluxIdGenerator ids;
    private final int maxMessages;
    private final TimestampBounds bounds;

    /** With the default time bounds around the system clock. */
    MessageDecoder(FluxIdGenerator ids, int maxMessages) {
        this(ids, maxMessages, TimestampBounds.withDefaults(Clock.systemUTC()));
    }

    MessageDecoder(FluxIdGenerator ids, int maxMessages, TimestampBounds bounds) {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("fluxtap.messages.max-batch must be positive, was " + maxMessages);
        }
        this.ids = ids;
        this.maxMessages = maxMessages;
        this.bounds = bounds;
    }

    /**
     * @param trace   the request's traceparent, or null
     * @param arrival the time of messages whose wire names no time field, or whose time field is absent; a time
     *                field must lie within {@link TimestampBounds} of it
     * @return the messages in request order, each with its flux id (given or generated)
     */
    List<BusinessMessage> decode(WireSpec wire, byte[] body, TraceParent trace, Instant arrival) throws MessageRejected {
        List<Item> items = parse(utf8(body));
        Pointers pointers = Pointers.of(wire);
        List<Checked> checked = new ArrayList<>(items.size());
        Map<Long, Integer> givenIds = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Checked message = check(wire, pointers, items.get(i), i);
            String outOfRange = message.timestamp() == null ? null : bounds.problem(message.timestamp(), arrival);
            if (outOfRange != null) {
                throw MessageRejected.timestampOutOfRange(i, "field " + wire.timestamp() + " (the message time) "
                        + message.timestamp() + ": " + outOfRange);
            }
            if (message.fluxId() != null) {
                Integer first = givenIds.putIfAbsent(message.fluxId(), i);
                if (first != null) {
                    throw MessageRejected.invalid(i, "flux_id", "flux id " + Long.toUnsignedString(message.fluxId())
                            + " is also the flux id of message " + first + "; a flux id names one message");
                }
            }
            checked.add(message);
        }
        // Ids are drawn only once every message passed, so a refused request uses none.
        List<BusinessMessage> messages = new ArrayList<>(checked.size());
        for (Checked message : checked) {
            messages.add(new BusinessMessage(wire.wireId(),
                    message.fluxId() != null ? message.fluxId() : ids.next(),
                    message.timestamp() != null ? message.timestamp() : arrival,
                    message.promoted(), message.json(),
                    trace == null ? null : trace.traceId(), trace == null ? null : trace.spanId(),
                    message.machineId(), message.entityName(), message.gearId()));
        }
        return messages;
    }

    /** RFC 8259: JSON exchanged between systems is UTF-8; a byte order mark may be ignored. */
    private static String utf8(byte[] body) throws MessageRejected {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw MessageRejected.malformed("the request body is not UTF-8 text");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private List<Item> parse(String text) throws MessageRejected {
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                items.add(item(parser, text));
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token != JsonToken.START_OBJECT) {
                        throw MessageRejected.malformed("item " + items.size() + " of the array is not a JSON object");
                    }
                    if (items.size() == maxMessages) {
                        throw MessageRejected.tooLarge("a request carries at most " + maxMessages + " messages");
                    }
                    items.add(item(parser, text));
                }
                if (items.isEmpty()) {
                    throw MessageRejected.malformed("the array holds no messages");
                }
            } else {
                throw MessageRejected.malformed(first == null ? "the request body is empty"
                        : "the request body must be a JSON object or an array of objects");
            }
            if (parser.nextToken() != null) {
                throw MessageRejected.malformed("the request body goes on after its JSON value");
            }
        } catch (JsonProcessingException e) {
            throw MessageRejected.malformed("the request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw MessageRejected.malformed("the request body could not be read: " + e.getMessage());
        }
        return items;
    }

    /** Reads the object starting at the parser's current token, with its text as sent. */
    private static Item item(JsonParser parser, String text) throws IOException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        JsonNode node = MAPPER.readTree(parser);
        int end = (int) parser.currentLocation().getCharOffset();
        return new Item(node, text.substring(start, end));
    }

    private static Checked check(WireSpec wire, Pointers pointers, Item item, int index) throws MessageRejected {
        JsonNode message = item.node();
        Map<String, Object> promoted = new LinkedHashMap<>();
        for (int p = 0; p < wire.promoted().size(); p++) {
            WireSpec.Promotion promotion = wire.promoted().get(p);
            JsonNode value = message.at(pointers.promoted().get(p));
            String where = "field " + promotion.pointer() + " (column " + promotion.column() + ")";
            if (absent(value)) {
                if (promotion.required()) {
                    throw MessageRejected.invalid(index, promotion.column(), "required " + where + " is missing");
                }
                continue;
            }
            try {
                promoted.put(promotion.column(), PromotedValues.read(promotion.type(), value));
            } catch (IllegalArgumentException e) {
                throw MessageRejected.invalid(index, promotion.column(), where + " " + e.getMessage());
            }
        }
        return new Checked(
                fluxId(message, pointers.fluxId(), index),
                timestamp(message, pointers.timestamp(), index),
                promoted,
                item.raw(),
                text(message, pointers.machineId(), "machine_id", index),
                text(message, pointers.entityName(), "entity_name", index),
                text(message, pointers.gearId(), "gear_id", index));
    }

    private static Long fluxId(JsonNode message, JsonPointer pointer, int index) throws MessageRejected {
        JsonNode value = pointer == null ? null : message.at(pointer);
        if (value == null || absent(value)) {
            return null;
        }
        BigInteger id = null;
        if (value.isIntegralNumber()) {
            id = value.bigIntegerValue();
        } else if (value.isTextual() && UNSIGNED_DECIMAL.matcher(value.textValue()).matches()) {
            id = new BigInteger(value.textValue());
        }
        if (id == null || id.signum() < 0 || id.compareTo(TWO_TO_THE_64) >= 0) {
            throw MessageRejected.invalid(index, "flux_id", "field " + pointer + " (flux id) must be an unsigned "
                    + "64-bit integer, as a JSON number or a string of decimal digits, was "
                    + (value.isValueNode() ? "'" + Rfc3339.abbreviate(value.asText()) + "'" : PromotedValues.describe(value)));
        }
        return id.longValue();
    }

    private static Instant timestamp(JsonNode message, JsonPointer pointer, int index) throws MessageRejected {
        JsonNode value = pointer == null ? null : message.at(pointer);
        if (value == null || absent(value)) {
            return null;
        }
        try {
            return (Instant) PromotedValues.read(PromotedType.TIMESTAMP, value);
        } catch (IllegalArgumentException e) {
            throw MessageRejected.invalid(index, "ts", "field " + pointer + " (the message time) " + e.getMessage());
        }
    }

    private static String text(JsonNode message, JsonPointer pointer, String column, int index) throws MessageRejected {
        JsonNode value = pointer == null ? null : message.at(pointer);
        if (value == null || absent(value)) {
            return null;
        }
        try {
            return (String) PromotedValues.read(PromotedType.STRING, value);
        } catch (IllegalArgumentException e) {
            throw MessageRejected.invalid(index, column, "field " + pointer + " (" + column + ") " + e.getMessage());
        }
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private record Item(JsonNode node, String raw) {
    }

    /** A spec's JSON pointers, compiled once a request (the spec keeps their text); null where the spec has none. */
    private record Pointers(JsonPointer fluxId, JsonPointer timestamp, JsonPointer machineId, JsonPointer entityName,
                            JsonPointer gearId, List<JsonPointer> promoted) {

        static Pointers of(WireSpec wire) {
            return new Pointers(compile(wire.fluxId()), compile(wire.timestamp()), compile(wire.machineId()),
                    compile(wire.entityName()), compile(wire.gearId()),
                    wire.promoted().stream().map(p -> compile(p.pointer())).toList());
        }

        private static JsonPointer compile(String pointer) {
            return pointer == null ? null : JsonPointer.compile(pointer);
        }
    }

    private record Checked(Long fluxId, Instant timestamp, Map<String, Object> promoted, String json,
                           String machineId, String entityName, String gearId) {
    }
}
