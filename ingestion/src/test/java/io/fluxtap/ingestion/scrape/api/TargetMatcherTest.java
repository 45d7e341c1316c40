package io.fluxtap.ingestion.scrape.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

class TargetMatcherTest {

    private static final Labels TARGET = Labels.of("job", "shop", "instance", "shop-1:9100", "team", "web");

    @Test
    void everyOperatorMatchesAsPromqlDoes() {
        assertTrue(TargetMatcher.parse("{job=\"shop\"}").matches(TARGET));
        assertFalse(TargetMatcher.parse("{job=\"sho\"}").matches(TARGET));
        assertTrue(TargetMatcher.parse("{job!=\"other\", team=~\"w.b\"}").matches(TARGET));
        // Regexes are anchored.
        assertFalse(TargetMatcher.parse("{job=~\"sho\"}").matches(TARGET));
        assertTrue(TargetMatcher.parse("{instance!~\"db.*\"}").matches(TARGET));
        // A missing label is the empty string.
        assertTrue(TargetMatcher.parse("{zone=\"\"}").matches(TARGET));
        assertTrue(TargetMatcher.parse("{ }").matches(TARGET));
        assertEquals("a\"b", TargetMatcher.parse("{x=\"a\\\"b\"}").terms().getFirst().value());
    }

    @Test
    void textThatIsNoSelectorIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetMatcher.parse("job"))
                .getMessage().startsWith("match_target must be a label selector"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetMatcher.parse("{job=shop}"))
                .getMessage().contains("expected a quoted value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetMatcher.parse("{job=~\"(\"}"))
                .getMessage().startsWith("invalid regular expression for job"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetMatcher.parse("{job=\"a\" team=\"b\"}"))
                .getMessage().startsWith("expected , or }"));
    }
}
