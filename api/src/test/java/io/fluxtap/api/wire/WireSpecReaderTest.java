package io.fluxtap.api.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireSpecReaderTest {

    private static final String VISA = """
            wire: fluxSpec/visa-v1
            description: Visa authorisations
            flux_id: /fluxId            # the field that carries the flux id
            timestamp: /authorisedAt
            machine_id: /terminal/host
            promote:
              - {pointer: /card/bin, column: bin, type: string, required: true}
              - {pointer: /currency, column: currency, type: string, required: true}
              - {pointer: /amount, column: amount, type: double, required: true}
              - {pointer: /merchant/mcc, column: mcc, type: long}
              - pointer: /approved
                column: approved
                type: boolean
                required: false
              - {pointer: /settledAt, column: settled_at, type: timestamp}
            """;

    @TempDir
    Path dir;

    @Test
    void readsEveryKeyOfASpec() throws IOException {
        Path file = write("visa.yaml", VISA);

        WireSpec visa = WireSpecReader.read(file);

        assertEquals("fluxSpec/visa-v1", visa.wireId());
        assertEquals("Visa authorisations", visa.description());
        assertEquals(file, visa.source());
        assertEquals("/fluxId", visa.fluxId());
        assertEquals("/authorisedAt", visa.timestamp());
        assertEquals("/terminal/host", visa.machineId());
        assertNull(visa.entityName());
        assertNull(visa.gearId());
        assertEquals(List.of("bin:STRING:true:/card/bin", "currency:STRING:true:/currency", "amount:DOUBLE:true:/amount",
                        "mcc:LONG:false:/merchant/mcc", "approved:BOOLEAN:false:/approved",
                        "settled_at:TIMESTAMP:false:/settledAt"),
                visa.promoted().stream().map(p -> p.column() + ":" + p.type() + ":" + p.required() + ":" + p.pointer())
                        .toList());
    }

    @Test
    void readsMasksOfPromotedFieldsAndOfPointersInSpecOrder() throws IOException {
        WireSpec visa = WireSpecReader.read(write("visa.yaml", """
                wire: fluxSpec/visa-v1
                promote:
                  - {pointer: /card/bin, column: bin, type: string, required: true}
                  - {pointer: /card/pan, column: pan, type: string, mask: token}
                mask:
                  /card/holder: truncate
                  /card/cvv: drop
                  /note: token
                """));

        assertNull(visa.promoted().get(0).mask());
        assertEquals(WireMask.TOKEN, visa.promoted().get(1).mask());
        assertEquals(List.of("/card/holder=TRUNCATE", "/card/cvv=DROP", "/note=TOKEN"),
                visa.masked().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        assertEquals(List.of("/card/pan", "/card/holder", "/card/cvv", "/note"),
                List.copyOf(visa.maskedPointers().keySet()));
    }

    @Test
    void aSpecWithoutMasksMasksNothing() throws IOException {
        WireSpec visa = WireSpecReader.read(write("visa.yaml", VISA));
        assertTrue(visa.maskedPointers().isEmpty());
        assertTrue(visa.promoted().stream().allMatch(p -> p.mask() == null));
    }

    @Test
    void onlyTheWireIsRequired() throws IOException {
        WireSpec payments = WireSpecReader.read(write("payments.yml", "wire: payments\n"));
        assertEquals(new WireSpec("payments", "", dir.resolve("payments.yml"), null, null, null, null, null, List.of()),
                payments);
    }

    @Test
    void anEmptyDocumentAfterTheSpecIsNoSecondWire() throws IOException {
        assertEquals("payments", WireSpecReader.read(write("p.yaml", "wire: payments\n---\n")).wireId());
    }

    @Test
    void readsEverySpecOfADirectoryInFileNameOrder() throws IOException {
        write("visa.yaml", VISA);
        write("payments.yml", "wire: payments\n");
        write("README.txt", "not a spec");
        Files.createDirectory(dir.resolve("nested.yaml"));

        assertEquals(List.of("payments", "fluxSpec/visa-v1"),
                WireSpecReader.readDirectory(dir).stream().map(WireSpec::wireId).toList(),
                "file-name order, .yaml and .yml, nothing else");
        assertEquals(List.of(), WireSpecReader.readDirectory(dir.resolve("absent")), "a missing directory: no wires");
    }

    @Test
    void aRelativeDirectoryIsResolvedAgainstTheInstallation() {
        assertEquals(Path.of("/opt/fluxtap/conf/wires"), WireSpecReader.resolve("conf/wires", "/opt/fluxtap"));
        assertEquals(Path.of("/etc/wires"), WireSpecReader.resolve("/etc/wires", "/opt/fluxtap"));
        assertEquals(Path.of("conf/wires"), WireSpecReader.resolve("conf/wires", null), "else the working directory");
    }

    @Test
    void aWireDefinedTwiceIsRefused() throws IOException {
        write("a.yaml", "wire: fluxSpec/visa-v1\n");
        write("b.yaml", "wire: FluxSpec/Visa-V1\n");

        InvalidWireSpecException e = assertThrows(InvalidWireSpecException.class, () -> WireSpecReader.readDirectory(dir));

        assertEquals(dir.resolve("b.yaml"), e.file());
        assertTrue(e.getMessage().contains("b.yaml: defines wire 'FluxSpec/Visa-V1'"), e.getMessage());
        assertTrue(e.getMessage().contains("a.yaml defines already as 'fluxSpec/visa-v1'"), e.getMessage());
    }

    /** Every id the warehouse could not turn into its directory messages/<wire_id>, '..' first. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"..", "a/..", "../etc", ".", "ns/.", "...", "fluxSpec/...", ".../a", "a/b/c", "/a", "a/",
            "my wire", "ü", "a\\b", "a:b",
            "a12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901"})
    void aWireIdTheWarehouseCannotTakeIsRefusedNamingTheFile(String wireId) throws IOException {
        Path file = write("bad.yaml", "wire: '" + wireId + "'\n");

        InvalidWireSpecException e = assertThrows(InvalidWireSpecException.class, () -> WireSpecReader.read(file));

        assertEquals("wire spec " + file + ": wire '" + wireId + "' is not a wire id: letters, "
                + "digits, '_', '.' and '-', with at most one '/' between two names of at most 100 characters each; "
                + "a name may not be only dots ('.', '..')", e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void aSpecWithAnUnknownKeyIsRefusedNamingTheKey() throws IOException {
        Path file = write("typo.yaml", "wire: w\ndescription: x\nflux-id: /id\n");

        InvalidWireSpecException e = assertThrows(InvalidWireSpecException.class, () -> WireSpecReader.read(file));

        assertEquals("wire spec " + file + ": unknown key 'flux-id' (known: [description, entity_name, flux_id, "
                + "gear_id, machine_id, mask, promote, timestamp, wire])", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not YAML            | 'wire: "unclosed'                                                        | not valid YAML
            not YAML either     | 'wire: a\\n  b: c'                                                     | not valid YAML
            empty file          | ''                                                                       | the file is empty
            only a comment      | '# nothing'                                                              | the file is empty
            a list              | '- wire: x'                                                              | the document must be a mapping with the keys
            a scalar            | 'payments'                                                               | the document must be a mapping with the keys
            two documents       | 'wire: a\\n---\\nwire: b'                                                | more than one YAML document
            a document and more | 'wire: a\\n---\\n~\\n---\\n[b]'                                          | more than one YAML document
            no wire             | 'description: x'                                                         | wire is missing
            null wire           | 'wire: ~'                                                                | wire is missing
            empty wire          | 'wire: '' '''                                                            | wire must be a non-empty string
            wire a list         | 'wire: [a]'                                                              | wire must be a string
            wire a number       | 'wire: 42'                                                               | wire must be a string
            wire a boolean      | 'wire: true'                                                             | wire must be a string
            key twice           | 'wire: a\\nwire: b'                                                      | Duplicate field 'wire'
            unknown key         | 'wire: w\\npromoted: []'                                                 | unknown key 'promoted'
            promote not a list  | 'wire: w\\npromote: {pointer: /a}'                                       | promote must be a list of mappings
            promote a string    | 'wire: w\\npromote: bin'                                                 | promote must be a list of mappings
            item a string       | 'wire: w\\npromote: [bin]'                                               | promote[0] must be a mapping with the keys [column, mask, pointer, required, type]
            item null           | 'wire: w\\npromote: [~]'                                                 | promote[0] must be a mapping with the keys
            item unknown key    | 'wire: w\\npromote: [{pointer: /a, column: a, type: long, requried: true}]' | unknown key 'promote[0].requried'
            no pointer          | 'wire: w\\npromote: [{column: a, type: long}]'                           | promote[0].pointer is missing
            no column           | 'wire: w\\npromote: [{pointer: /a, type: long}]'                         | promote[0].column is missing
            column not SQL      | 'wire: w\\npromote: [{pointer: /a, column: Card-Bin, type: string}]'     | promote[0].column 'Card-Bin' is not a column name
            column with quote   | 'wire: w\\npromote: [{pointer: /a, column: "a\\"b", type: string}]'      | is not a column name
            column too long     | 'wire: w\\npromote: [{pointer: /a, column: a234567890123456789012345678901234567890123456789012345678901234, type: string}]' | is not a column name
            reserved column     | 'wire: w\\npromote: [{pointer: /a, column: ts, type: timestamp}]'        | promote[0].column 'ts' is a column every message has
            reserved json       | 'wire: w\\npromote: [{pointer: /a, column: json, type: string}]'         | promote[0].column 'json' is a column every message has
            column twice        | 'wire: w\\npromote: [{pointer: /a, column: a, type: long}, {pointer: /b, column: a, type: long}]' | promote[1].column 'a' is promoted twice
            unknown type        | 'wire: w\\npromote: [{pointer: /a, column: a, type: int}]'               | promote[0].type 'int' is not one of string, long, double, boolean, timestamp
            no type             | 'wire: w\\npromote: [{pointer: /a, column: a}]'                          | promote[0].type is missing
            pointer no slash    | 'wire: w\\npromote: [{pointer: card.bin, column: a, type: string}]'      | promote[0].pointer 'card.bin' is not a JSON pointer
            pointer bad escape  | 'wire: w\\npromote: [{pointer: /a~2, column: a, type: string}]'          | promote[0].pointer '/a~2' is not a JSON pointer
            bad flux id pointer | 'wire: w\\nflux_id: fluxId'                                              | flux_id 'fluxId' is not a JSON pointer
            bad gear id pointer | 'wire: w\\ngear_id: ""'                                                  | gear_id '' is not a JSON pointer
            required not bool   | 'wire: w\\npromote: [{pointer: /a, column: a, type: long, required: maybe}]' | promote[0].required must be true or false
            required a string   | 'wire: w\\npromote: [{pointer: /a, column: a, type: long, required: "true"}]' | promote[0].required must be true or false
            required a number   | 'wire: w\\npromote: [{pointer: /a, column: a, type: long, required: 1}]' | promote[0].required must be true or false
            mask unknown        | 'wire: w\\npromote: [{pointer: /a, column: a, type: string, mask: hash}]' | promote[0].mask 'hash' is not one of token, truncate, drop
            mask on a long      | 'wire: w\\npromote: [{pointer: /a, column: a, type: long, mask: token}]' | promote[0].mask 'token' needs type string
            mask drop promoted  | 'wire: w\\npromote: [{pointer: /a, column: a, type: string, mask: drop}]' | promote[0].mask 'drop' would leave column 'a' always empty
            mask map a scalar   | 'wire: w\\nmask: token'                                                | mask must be a mapping of JSON pointers to one of token, truncate, drop
            mask map a list     | 'wire: w\\nmask: [/a]'                                                 | mask must be a mapping of JSON pointers
            mask map bad action | 'wire: w\\nmask: {/a: hide}'                                           | mask./a 'hide' is not one of token, truncate, drop
            mask map null       | 'wire: w\\nmask: {/a: ~}'                                              | mask./a must be one of token, truncate, drop
            mask map a number   | 'wire: w\\nmask: {/a: 1}'                                              | must be a string
            mask bad pointer    | 'wire: w\\nmask: {card.pan: token}'                                    | mask 'card.pan' is not a JSON pointer
            mask of a promotion | 'wire: w\\npromote: [{pointer: /a, column: a, type: string}]\\nmask: {/a: token}' | mask '/a' is promoted by promote[0]
            """)
    void aBrokenSpecIsRefusedNamingTheFileAndTheProblem(String name, String yaml, String problem) throws IOException {
        Path broken = write("broken.yaml", yaml.replace("\\n", "\n"));

        InvalidWireSpecException e = assertThrows(InvalidWireSpecException.class, () -> WireSpecReader.read(broken));

        assertTrue(e.getMessage().startsWith("wire spec " + broken + ": "), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
    }

    @Test
    void aBrokenSpecInADirectoryIsRefusedNamingItsFile() throws IOException {
        write("good.yaml", "wire: good\n");
        Path broken = write("broken.yaml", "wire: w\npromote: [{pointer: /a, column: level, type: string}]\n");

        InvalidWireSpecException e = assertThrows(InvalidWireSpecException.class, () -> WireSpecReader.readDirectory(dir));

        assertEquals(broken, e.file());
        assertTrue(e.getMessage().startsWith("wire spec " + broken + ": promote[0].column 'level'"), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
