package io.fluxtap.ingestion.messages;

import io.fluxtap.api.wire.InvalidWireSpecException;
import io.fluxtap.api.wire.WireSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The messages API's wires; the file format is {@code io.fluxtap.api.wire.WireSpecReaderTest}'s. */
class WireSpecsTest {

    @TempDir
    Path dir;

    @Test
    void findsTheWiresOfTheDirectoryByTheirExactId() throws IOException {
        write("visa.yaml", "wire: fluxSpec/visa-v1\npromote: [{pointer: /card/bin, column: bin, type: string}]\n");
        write("payments.yml", "wire: payments\n");

        WireSpecs specs = new WireSpecs(dir);

        assertEquals(List.of("payments", "fluxSpec/visa-v1"), specs.all().stream().map(WireSpec::wireId).toList(),
                "file-name order");
        WireSpec visa = specs.find("fluxSpec/visa-v1").orElseThrow();
        assertEquals(dir.resolve("visa.yaml").toAbsolutePath().normalize(), visa.source());
        assertEquals("bin", visa.promoted().getFirst().column());
        assertTrue(specs.find("fluxspec/visa-v1").isEmpty(), "wire ids are matched exactly");
        assertEquals(dir.toAbsolutePath().normalize(), specs.directory());
    }

    @Test
    void aMissingDirectoryMeansNoWires() {
        WireSpecs specs = new WireSpecs(dir.resolve("absent"));
        assertTrue(specs.all().isEmpty());
        assertTrue(specs.find("payments").isEmpty());
    }

    @Test
    void aBrokenSpecStopsStartUpNamingTheFileAndTheProblem() throws IOException {
        write("good.yaml", "wire: good\n");
        Path broken = write("broken.yaml", "wire: a/..\n");

        IllegalStateException e = assertThrows(InvalidWireSpecException.class, () -> new WireSpecs(dir));

        assertTrue(e.getMessage().startsWith("wire spec " + broken.toAbsolutePath().normalize()
                + ": wire 'a/..' is not a wire id"), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
