package io.fluxtap.api.wire;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireSpecTest {

    @Test
    void wireIdsAreOneOrTwoNamesThatAreNotOnlyDots() {
        String hundred = "a".repeat(100);
        for (String id : List.of("payments", "fluxSpec/visa-v1", "a_b.c-d", "v1..2", "..x", "x..", ".a/b.", hundred,
                hundred + "/" + hundred)) {
            assertTrue(WireSpec.isWireId(id), id);
        }
        for (String id : List.of("", ".", "..", "...", "../x", "x/..", "x/.", "x/...", ".../x", "a/b/c", "/a", "a/",
                "a//b", "x y", "ü", "a\\b", hundred + "a", "a/" + hundred + "a")) {
            assertFalse(WireSpec.isWireId(id), id);
        }
        assertFalse(WireSpec.isWireId(null));
    }

    @Test
    void aSpecBuiltInCodeIsCheckedAsAReadOneIs() {
        assertThrows(IllegalArgumentException.class,
                () -> new WireSpec("a/..", "", null, null, null, null, null, null, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new WireSpec("w", "", null, "fluxId", null, null, null, null, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new WireSpec.Promotion("/a", "wire_id", PromotedType.STRING, false));
        WireSpec.Promotion a = new WireSpec.Promotion("/a", "a", PromotedType.LONG, false);
        assertThrows(IllegalArgumentException.class,
                () -> new WireSpec("w", "", null, null, null, null, null, null, List.of(a, a)));
    }
}
