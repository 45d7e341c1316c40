package io.fluxtap.ingestion.messages;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.wire.WireSpec;
import io.fluxtap.api.wire.WireSpecReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageDecoderTest {

    private static final Instant ARRIVAL = Instant.parse("2026-03-01T12:00:00.123456789Z");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:01Z");

    @TempDir
    Path dir;

    private WireSpec visa;
    private MessageDecoder decoder;

    @BeforeEach
    void setUp() throws Exception {
        visa = wire("""
                wire: fluxSpec/visa-v1
                flux_id: /fluxId
                timestamp: /authorisedAt
                machine_id: /terminal
                entity_name: /service
                gear_id: /component
                promote:
                  - {pointer: /card/bin, column: bin, type: string, required: true}
                  - {pointer: /currency, column: currency, type: string, required: true}
                  - {pointer: /amount, column: amount, type: double, required: true}
                  - {pointer: /merchant/mcc, column: mcc, type: long}
                  - {pointer: /approved, column: approved, type: boolean}
                  - {pointer: /settledAt, column: settled_at, type: timestamp}
                """);
        decoder = new MessageDecoder(new FluxIdGenerator(9, () -> NOW, millis -> {
            throw new AssertionError("no test makes 256 ids in one unit");
        }), 5);
    }

    @Test
    void aSingleMessageKeepsItsTextAndGetsTypedColumns() throws Exception {
        String sent = "{ \"card\": {\"bin\": \"411111\"}, \"currency\":\"EUR\",\n  \"amount\": 12,"
                + " \"merchant\": {\"mcc\": 5411}, \"approved\": true, \"settledAt\": \"2026-03-01T13:00:00.5+01:00\","
                + " \"note\": \"ünïcødé ✓ \\u00e9\", \"terminal\": \"pos-7\", \"service\": \"acquirer\","
                + " \"component\": \"auth\" }";

        BusinessMessage message = decode(sent).getFirst();

        assertEquals("fluxSpec/visa-v1", message.wireId());
        assertEquals(sent, message.json(), "the message exactly as sent, whitespace and escapes included");
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("bin", "411111");
        promoted.put("currency", "EUR");
        promoted.put("amount", 12.0);
        promoted.put("mcc", 5411L);
        promoted.put("approved", true);
        promoted.put("settled_at", Instant.parse("2026-03-01T12:00:00.5Z"));
        assertEquals(promoted, message.promoted());
        assertEquals(List.copyOf(promoted.keySet()), List.copyOf(message.promoted().keySet()), "spec order");
        assertEquals(ARRIVAL, message.timestamp(), "no authorisedAt: the time of arrival");
        assertEquals("pos-7", message.machineId());
        assertEquals("acquirer", message.entityName());
        assertEquals("auth", message.gearId());
        assertNull(message.traceId());
        assertEquals(9, FluxIdGenerator.machine(message.fluxId()), "generated here");
        assertEquals(NOW, FluxIdGenerator.time(message.fluxId()));
    }

    @Test
    void anArrayKeepsOrderGivenFluxIdsAndEachItemsText() throws Exception {
        String first = "{\"fluxId\": 18446744073709551615, \"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1.5}";
        String second = "{\"card\":{\"bin\":\"2\"},\"currency\":\"USD\",\"amount\":2, \"authorisedAt\": \"2026-01-02T03:04:05Z\"}";
        String third = "{\"fluxId\": \"42\", \"card\":{\"bin\":\"3\"},\"currency\":\"GBP\",\"amount\":-3.25e2, \"fluxId2\": []}";

        List<BusinessMessage> messages = decode("[\n  " + first + " ,\n" + second + ",\t" + third + "\n]",
                new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));

        assertEquals(List.of(first, second, third), messages.stream().map(BusinessMessage::json).toList());
        assertEquals("18446744073709551615", Long.toUnsignedString(messages.get(0).fluxId()), "all 64 bits");
        assertEquals(9, FluxIdGenerator.machine(messages.get(1).fluxId()), "generated");
        assertEquals(42L, messages.get(2).fluxId(), "a decimal string is a flux id too");
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), messages.get(1).timestamp());
        assertEquals(-325.0, messages.get(2).promoted().get("amount"));
        assertTrue(messages.stream().allMatch(m -> "4bf92f3577b34da6a3ce929d0e0e4736".equals(m.traceId())
                && "00f067aa0ba902b7".equals(m.spanId())));
    }

    @Test
    void optionalFieldsThatAreMissingOrNullAreLeftOut() throws Exception {
        BusinessMessage message = decode("{\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1,"
                + "\"merchant\":{\"mcc\":null},\"fluxId\":null,\"authorisedAt\":null}").getFirst();
        assertEquals(List.of("bin", "currency", "amount"), List.copyOf(message.promoted().keySet()));
        assertEquals(ARRIVAL, message.timestamp());
        assertEquals(9, FluxIdGenerator.machine(message.fluxId()));
    }

    @Test
    void generatedIdsAreDistinct() throws Exception {
        String item = "{\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}";
        List<BusinessMessage> messages = decode("[" + String.join(",", item, item, item, item, item) + "]");
        assertEquals(5, messages.stream().map(BusinessMessage::fluxId).distinct().count());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing required          | {"currency":"EUR","amount":1}                                      | bin        | required field /card/bin (column bin) is missing
            required null             | {"card":{"bin":null},"currency":"EUR","amount":1}                  | bin        | required field /card/bin (column bin) is missing
            string given a number     | {"card":{"bin":411111},"currency":"EUR","amount":1}                | bin        | must be a string, was an integer
            double given a string     | {"card":{"bin":"1"},"currency":"EUR","amount":"12.5"}              | amount     | field /amount (column amount) must be a double (a JSON number), was a string
            double out of range       | {"card":{"bin":"1"},"currency":"EUR","amount":1e999}               | amount     | out of its range
            long given a fraction     | {"card":{"bin":"1"},"currency":"EUR","amount":1,"merchant":{"mcc":54.5}} | mcc  | must be a long (a JSON integer), was a number with a fraction
            long out of range         | {"card":{"bin":"1"},"currency":"EUR","amount":1,"merchant":{"mcc":9223372036854775808}} | mcc | out of its range
            boolean given a string    | {"card":{"bin":"1"},"currency":"EUR","amount":1,"approved":"yes"}  | approved   | must be a boolean (true or false), was a string
            timestamp not RFC 3339    | {"card":{"bin":"1"},"currency":"EUR","amount":1,"settledAt":"yesterday"} | settled_at | must be an RFC 3339 timestamp
            timestamp out of range    | {"card":{"bin":"1"},"currency":"EUR","amount":1,"settledAt":"+10000-01-01T00:00:00Z"} | settled_at | must be a timestamp in the years 0001 to 9999
            unpaired surrogate        | {"card":{"bin":"\\ud800"},"currency":"EUR","amount":1}             | bin        | unpaired surrogate
            object for a string       | {"card":{"bin":{}},"currency":"EUR","amount":1}                    | bin        | was an object
            negative flux id          | {"fluxId":-1,"card":{"bin":"1"},"currency":"EUR","amount":1}       | flux_id    | must be an unsigned 64-bit integer
            flux id over 64 bits      | {"fluxId":18446744073709551616,"card":{"bin":"1"},"currency":"EUR","amount":1} | flux_id | must be an unsigned 64-bit integer
            flux id not digits        | {"fluxId":"0x10","card":{"bin":"1"},"currency":"EUR","amount":1}   | flux_id    | must be an unsigned 64-bit integer
            flux id a fraction        | {"fluxId":1.5,"card":{"bin":"1"},"currency":"EUR","amount":1}      | flux_id    | must be an unsigned 64-bit integer
            time not a timestamp      | {"authorisedAt":17,"card":{"bin":"1"},"currency":"EUR","amount":1} | ts         | field /authorisedAt (the message time) must be a timestamp
            entity not a string       | {"service":["a"],"card":{"bin":"1"},"currency":"EUR","amount":1}   | entity_name | field /service (entity_name) must be a string
            """)
    void aMessageThatDoesNotFitItsWireIsRefusedNamingTheColumn(String name, String badItem, String field, String problem) {
        String good = "{\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}";

        MessageRejected rejected = assertThrows(MessageRejected.class,
                () -> decode("[" + good + "," + good + "," + badItem + "," + good + "]"));

        assertEquals(422, rejected.status());
        assertEquals(field, rejected.field());
        assertEquals(2, rejected.index());
        assertTrue(rejected.getMessage().startsWith("message 2: "), rejected.getMessage());
        assertTrue(rejected.getMessage().contains(problem), rejected.getMessage());
    }

    /**
     * Issue #10 item 14: a message time more than 10 minutes ahead of the arrival (the server clock) would top every
     * newest-first list, and one before 1970 has no warehouse partition; the request is refused with 422 on "ts".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a nanosecond past the skew | 2026-03-01T12:10:00.123456790Z | timestamp is more than 10m ahead of the server clock
            the year 2554              | 2554-07-21T23:34:33.709551615Z | timestamp is more than 10m ahead of the server clock
            before 1970                | 1969-12-31T23:59:59.999Z       | timestamp is before 1970-01-01T00:00:00Z
            """)
    void aMessageTimeOutsideTheBoundsIsRefusedOnTs(String name, String time, String problem) {
        String good = "{\"authorisedAt\":\"2026-03-01T12:10:00.123456789Z\",\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}";
        String bad = "{\"authorisedAt\":\"" + time + "\",\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}";

        MessageRejected rejected = assertThrows(MessageRejected.class, () -> decode("[" + good + "," + bad + "]"));

        assertEquals(422, rejected.status());
        assertEquals(io.fluxtap.ingestion.metrics.RejectReason.TIMESTAMP_OUT_OF_RANGE, rejected.reason());
        assertEquals("ts", rejected.field());
        assertEquals(1, rejected.index());
        assertTrue(rejected.getMessage().startsWith("message 1: field /authorisedAt (the message time) "),
                rejected.getMessage());
        assertTrue(rejected.getMessage().endsWith(problem), rejected.getMessage());
    }

    @Test
    void aMessageTimeExactlyAtTheSkewIsTaken() throws Exception {
        assertEquals(Instant.parse("2026-03-01T12:10:00.123456789Z"), decode(
                "{\"authorisedAt\":\"2026-03-01T12:10:00.123456789Z\",\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}")
                .getFirst().timestamp());
    }

    @Test
    void aFluxIdTwiceInOneRequestIsRefused() {
        MessageRejected rejected = assertThrows(MessageRejected.class, () -> decode(
                "[{\"fluxId\":7,\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1},"
                        + "{\"fluxId\":\"7\",\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}]"));
        assertEquals(422, rejected.status());
        assertEquals("flux_id", rejected.field());
        assertEquals(1, rejected.index());
        assertTrue(rejected.getMessage().contains("is also the flux id of message 0"), rejected.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty body        | ''                              | the request body is empty
            not JSON          | '{"card": '                     | not valid JSON
            a number          | '42'                            | must be a JSON object or an array of objects
            empty array       | '[]'                            | the array holds no messages
            array of numbers  | '[{"a":1}, 2]'                  | item 1 of the array is not a JSON object
            nested arrays     | '[[{"a":1}]]'                   | item 0 of the array is not a JSON object
            trailing content  | '{"a":1} {"b":2}'               | goes on after its JSON value
            duplicate key     | '{"amount":1,"amount":2}'       | Duplicate field 'amount'
            """)
    void aBodyThatIsNoObjectOrArrayOfObjectsIsMalformed(String name, String body, String problem) {
        MessageRejected rejected = assertThrows(MessageRejected.class, () -> decode(body));
        assertEquals(400, rejected.status());
        assertTrue(rejected.getMessage().contains(problem), rejected.getMessage());
    }

    @Test
    void aBodyThatIsNotUtf8IsMalformed() {
        byte[] latin1 = "{\"card\":{\"bin\":\"é\"}}".getBytes(StandardCharsets.ISO_8859_1);
        MessageRejected rejected = assertThrows(MessageRejected.class, () -> decoder.decode(visa, latin1, null, ARRIVAL));
        assertEquals(400, rejected.status());
        assertTrue(rejected.getMessage().contains("not UTF-8"), rejected.getMessage());
    }

    @Test
    void aByteOrderMarkIsIgnored() throws Exception {
        String item = "{\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}";
        assertEquals(item, decode("\uFEFF" + item).getFirst().json());
    }

    @Test
    void aRequestCarriesAtMostMaxBatchMessages() {
        String item = "{\"card\":{\"bin\":\"1\"},\"currency\":\"EUR\",\"amount\":1}";
        MessageRejected rejected = assertThrows(MessageRejected.class,
                () -> decode("[" + String.join(",", item, item, item, item, item, item) + "]"));
        assertEquals(413, rejected.status());
        assertTrue(rejected.getMessage().contains("at most 5 messages"), rejected.getMessage());
    }

    @Test
    void aWireWithoutSpecialFieldsTakesAnyObject() throws Exception {
        WireSpec plain = wire("wire: payments\n");
        BusinessMessage message = decoder.decode(plain, "{\"fluxId\": 5, \"x\": [1, 2]}".getBytes(StandardCharsets.UTF_8),
                null, ARRIVAL).getFirst();
        assertNotEquals(5L, message.fluxId(), "the wire names no flux id field");
        assertTrue(message.promoted().isEmpty());
        assertEquals("payments", message.wireId());
    }

    private List<BusinessMessage> decode(String body) throws MessageRejected {
        return decode(body, null);
    }

    private List<BusinessMessage> decode(String body, TraceParent trace) throws MessageRejected {
        return decoder.decode(visa, body.getBytes(StandardCharsets.UTF_8), trace, ARRIVAL);
    }

    private WireSpec wire(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "wire", ".yaml");
        Files.writeString(file, yaml);
        return WireSpecReader.read(file);
    }
}
