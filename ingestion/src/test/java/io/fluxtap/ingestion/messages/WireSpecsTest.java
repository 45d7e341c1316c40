package io.fluxtap.ingestion.messages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireSpecsTest {

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
    void readsEverySpecOfTheDirectory() throws IOException {
        write("visa.yaml", VISA);
        write("payments.yml", "wire: payments\n");
        write("README.txt", "not a spec");
        Files.createDirectory(dir.resolve("nested.yaml"));

        WireSpecs specs = new WireSpecs(dir);

        assertEquals(List.of("payments", "fluxSpec/visa-v1"), specs.all().stream().map(WireSpec::wireId).toList(),
                "file-name order, .yaml and .yml, nothing else");
        WireSpec visa = specs.find("fluxSpec/visa-v1").orElseThrow();
        assertEquals("Visa authorisations", visa.description());
        assertEquals(dir.resolve("visa.yaml").toAbsolutePath().normalize(), visa.source());
        assertEquals("/fluxId", visa.fluxId().toString());
        assertEquals("/authorisedAt", visa.timestamp().toString());
        assertEquals("/terminal/host", visa.machineId().toString());
        assertNull(visa.entityName());
        assertNull(visa.gearId());
        assertEquals(List.of("bin:STRING:true:/card/bin", "currency:STRING:true:/currency", "amount:DOUBLE:true:/amount",
                        "mcc:LONG:false:/merchant/mcc", "approved:BOOLEAN:false:/approved",
                        "settled_at:TIMESTAMP:false:/settledAt"),
                visa.promoted().stream().map(p -> p.column() + ":" + p.type() + ":" + p.required() + ":" + p.pointer())
                        .toList());

        WireSpec payments = specs.find("payments").orElseThrow();
        assertEquals("", payments.description());
        assertNull(payments.fluxId());
        assertTrue(payments.promoted().isEmpty());
        assertTrue(specs.find("fluxspec/visa-v1").isEmpty(), "wire ids are matched exactly");
    }

    @Test
    void aMissingDirectoryMeansNoWires() {
        WireSpecs specs = new WireSpecs(dir.resolve("absent"));
        assertTrue(specs.all().isEmpty());
        assertTrue(specs.find("payments").isEmpty());
    }

    @Test
    void aRelativeDirectoryIsResolvedAgainstTheInstallation() {
        assertEquals(Path.of("/opt/fluxtap/conf/wires"), WireSpecs.resolve("conf/wires", "/opt/fluxtap"));
        assertEquals(Path.of("/etc/wires"), WireSpecs.resolve("/etc/wires", "/opt/fluxtap"));
        assertEquals(Path.of("conf/wires"), WireSpecs.resolve("conf/wires", null), "else the working directory");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not YAML            | 'wire: [unclosed'                                                        | not valid YAML
            empty file          | ''                                                                       | the file is empty
            a list              | '- wire: x'                                                              | must be a mapping
            no wire             | 'description: x'                                                         | wire is missing
            wire not a string   | 'wire: [a]'                                                              | wire must be a non-empty string
            two slashes         | 'wire: a/b/c'                                                            | 'a/b/c' is not a wire id
            dot dot             | 'wire: ../etc'                                                           | '../etc' is not a wire id
            dot segment         | 'wire: ns/.'                                                             | 'ns/.' is not a wire id
            space in id         | 'wire: my wire'                                                          | 'my wire' is not a wire id
            unknown key         | 'wire: w\\npromoted: []'                                                 | unknown key 'promoted'
            promote not a list  | 'wire: w\\npromote: {pointer: /a}'                                       | promote must be a list
            item unknown key    | 'wire: w\\npromote: [{pointer: /a, column: a, type: long, requried: true}]' | unknown key 'promote[0].requried'
            no column           | 'wire: w\\npromote: [{pointer: /a, type: long}]'                         | promote[0].column is missing
            column not SQL      | 'wire: w\\npromote: [{pointer: /a, column: Card-Bin, type: string}]'     | column 'Card-Bin' is not a column name
            column with quote   | 'wire: w\\npromote: [{pointer: /a, column: "a\\"b", type: string}]'      | is not a column name
            reserved column     | 'wire: w\\npromote: [{pointer: /a, column: ts, type: timestamp}]'        | column 'ts' is a column every message has
            column twice        | 'wire: w\\npromote: [{pointer: /a, column: a, type: long}, {pointer: /b, column: a, type: long}]' | promote[1].column 'a' is promoted twice
            unknown type        | 'wire: w\\npromote: [{pointer: /a, column: a, type: int}]'               | type 'int' is not one of
            no type             | 'wire: w\\npromote: [{pointer: /a, column: a}]'                          | promote[0].type is missing
            pointer no slash    | 'wire: w\\npromote: [{pointer: card.bin, column: a, type: string}]'      | promote[0].pointer 'card.bin' is not a JSON pointer
            bad flux id pointer | 'wire: w\\nflux_id: fluxId'                                              | flux_id 'fluxId' is not a JSON pointer
            required not bool   | 'wire: w\\npromote: [{pointer: /a, column: a, type: long, required: maybe}]' | promote[0].required must be true or false
            """)
    void aBrokenSpecStopsStartUpNamingTheFileAndTheProblem(String name, String yaml, String problem) throws IOException {
        write("good.yaml", "wire: good\n");
        Path broken = write("broken.yaml", yaml.replace("\\n", "\n"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new WireSpecs(dir));

        assertTrue(e.getMessage().startsWith("wire spec " + broken.toAbsolutePath().normalize() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void aWireDefinedTwiceStopsStartUp() throws IOException {
        write("a.yaml", "wire: fluxSpec/visa-v1\n");
        write("b.yaml", "wire: FluxSpec/Visa-V1\n");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new WireSpecs(dir));

        assertTrue(e.getMessage().contains("b.yaml defines wire 'FluxSpec/Visa-V1'"), e.getMessage());
        assertTrue(e.getMessage().contains("a.yaml defines already as 'fluxSpec/visa-v1'"), e.getMessage());
    }

    @Test
    void wireIdsAllowOneNamespaceSegment() {
        assertTrue(WireSpecReader.isWireId("payments"));
        assertTrue(WireSpecReader.isWireId("fluxSpec/visa-v1"));
        assertTrue(WireSpecReader.isWireId("a_b.c-d"));
        assertFalse(WireSpecReader.isWireId("a/b/c"));
        assertFalse(WireSpecReader.isWireId("/a"));
        assertFalse(WireSpecReader.isWireId("a/"));
        assertFalse(WireSpecReader.isWireId(".."));
        assertFalse(WireSpecReader.isWireId("a/.."));
        assertFalse(WireSpecReader.isWireId("ü"));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
