package io.fluxtap.dist.wire;

import io.fluxtap.api.wire.WireSpec;
import io.fluxtap.ingestion.messages.WireSpecs;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.storage.warehouse.Partition;
import io.fluxtap.storage.warehouse.WarehouseSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The messages API (ingestion) and the store (storage) read the same wire specs alike: a wire id the messages API
 * accepts must be one the warehouse can export, or its messages stay in the hot table for good. Only dist sees
 * ingestion and storage together, so the agreement is checked here.
 */
class WireSpecAgreementTest {

    /** 100 characters, the longest name a wire id may have (a constant: annotations take only constants). */
    private static final String LONG_NAME = "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij"
            + "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij";

    @TempDir
    Path dir;

    @Test
    void bothModulesLoadTheShippedWiresAlike() {
        Path shipped = Path.of("src/main/dist/conf/wires").toAbsolutePath();

        List<WireSpec> api = List.copyOf(new WireSpecs(shipped).all());
        MessageWireViews store = new MessageWireViews(null, shipped.toString());

        assertEquals(List.of("fluxSpec/visa-v1"), api.stream().map(WireSpec::wireId).toList());
        assertEquals(List.of("bin", "currency", "amount", "mcc"),
                api.getFirst().promoted().stream().map(WireSpec.Promotion::column).toList());
        assertEquals(List.copyOf(store.wireIds()), api.stream().map(WireSpec::wireId).toList());
        for (WireSpec wire : api) {
            assertEquals(wire, store.wire(wire.wireId()).orElseThrow(), "one model, read once alike");
            assertDoesNotThrow(() -> new Partition(WarehouseSignal.MESSAGES, wire.wireId(), 493_000));
        }
        assertEquals("messages_fluxspec_visa_v1", MessageWireViews.viewName(api.getFirst()),
                "the view the README's seed query reads");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"payments", "fluxSpec/visa-v1", "v1..2", "..x", "a.b/c-d_e", "x.", ".", "..", "...",
            "../x", "a/.", "a/..", "a/...", ".../a", "a/b/c", "a b", "",
            // a name longer than a file name may be, and two names of the longest length a spec allows
            LONG_NAME + LONG_NAME + LONG_NAME, LONG_NAME + "/" + LONG_NAME})
    void aWireIdTheMessagesApiAcceptsIsOneTheStoreAndTheWarehouseAccept(String wireId) throws IOException {
        Path wires = Files.createDirectory(dir.resolve("wires"));
        Files.writeString(wires.resolve("w.yaml"), "wire: '" + wireId + "'\n");

        boolean warehouse = warehouseExports(wireId);
        assertEquals(warehouse, accepts(() -> new WireSpecs(wires)),
                "the messages API and the warehouse disagree on '" + wireId + "'");
        assertEquals(warehouse, accepts(() -> new MessageWireViews(null, wires.toString())),
                "the store's wire views and the warehouse disagree on '" + wireId + "'");
    }

    /** Whether the warehouse takes the id as a partition and the file system takes the partition's file. */
    private boolean warehouseExports(String wireId) {
        Partition partition;
        try {
            partition = new Partition(WarehouseSignal.MESSAGES, wireId, 493_000);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Path data = dir.resolve("data");
            Path partitionDir = Files.createDirectories(partition.directoryIn(data));
            Files.createFile(partitionDir.resolve(partition.fileName(1_774_800_000_000_000L)));
            return partitionDir.normalize().startsWith(data.resolve("messages"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(Runnable load) {
        try {
            load.run();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
