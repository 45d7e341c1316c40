package io.fluxtap.storage.duck;

import io.fluxtap.api.LabelMap;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SeriesIdsTest {

    private final SeriesIds ids = new SeriesIds();

    /**
     * The id is stored in data files and the warehouse, so it must never change. The expected values were computed
     * outside Java (Python's hashlib: the first 8 bytes of sha256(b"up\xffjob\xffapi\xff") and of
     * sha256("café".encode() + b"\xff"), big-endian).
     */
    @Test
    void theIdIsStableAcrossReleases() {
        assertEquals(0x71ea5097635c13c9L, ids.of("up", Map.of("job", "api")));
        assertEquals(0xa3e1609d3c1836a7L, ids.of("café", Map.of()), "names are hashed as UTF-8");
    }

    /**
     * ASCII text goes through a reused buffer, other text and text longer than the buffer do not; all three hash
     * as the same UTF-8 bytes (expected value from Python's hashlib, as above, over
     * {@code m 0xFF city 0xFF Zürich 0xFF path 0xFF /aaa...(300 a) 0xFF}), and again with the buffer reused.
     */
    @Test
    void longAndNonAsciiLabelsHashAsTheirUtf8Bytes() {
        Map<String, String> labels = Map.of("path", "/" + "a".repeat(300), "city", "Zürich");
        assertEquals(0xf0019b5fd23741a8L, ids.of("m", labels));
        assertEquals(0x71ea5097635c13c9L, ids.of("up", Map.of("job", "api")), "a short ASCII id after them");
        assertEquals(0xf0019b5fd23741a8L, ids.of("m", LabelMap.copyOf(labels)), "a LabelMap hashes the same");
        LabelMap shared = LabelMap.copyOf(Map.of("job", "api"));
        assertEquals(0x71ea5097635c13c9L, ids.of("up", shared));
        assertNotEquals(ids.of("up", shared), ids.of("down", shared), "one map, two series");
        assertEquals(0x71ea5097635c13c9L, ids.of("up", shared), "and the first again");
    }

    @Test
    void labelOrderDoesNotMatterButEveryNameAndValueDoes() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");

        assertEquals(ids.of("m", ab), ids.of("m", ba));
        assertNotEquals(ids.of("m", ab), ids.of("n", ab));
        assertNotEquals(ids.of("m", Map.of("a", "1")), ids.of("m", ab));
        assertNotEquals(ids.of("m", Map.of("a", "12")), ids.of("m", Map.of("a1", "2")), "separators keep fields apart");
        assertNotEquals(ids.of("m", Map.of()), ids.of("m", Map.of("a", "")));
    }
}
