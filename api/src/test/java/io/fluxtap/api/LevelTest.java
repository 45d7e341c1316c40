package io.fluxtap.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelTest {

    @ParameterizedTest
    @CsvSource({"0,UNSPECIFIED", "1,TRACE", "4,TRACE", "5,DEBUG", "9,INFO", "12,INFO", "13,WARN",
            "17,ERROR", "20,ERROR", "21,FATAL", "24,FATAL", "25,UNSPECIFIED", "-3,UNSPECIFIED"})
    void severityNumbersFollowOtelRanges(int number, Level expected) {
        assertEquals(expected, Level.fromSeverityNumber(number));
    }

    @ParameterizedTest
    @CsvSource({"WARNING,WARN", "err,ERROR", "Critical,FATAL", "INFO4,INFO", "SEVERE,ERROR", "notice,INFO"})
    void textsFromCommonFrameworksAreRecognised(String text, Level expected) {
        assertEquals(expected, Level.fromText(text).orElseThrow());
    }

    @Test
    void unknownTextIsNoLevel() {
        assertTrue(Level.fromText("banana").isEmpty());
        assertTrue(Level.fromText(" ").isEmpty());
    }

    @Test
    void labelsRoundTrip() {
        for (Level level : Level.values()) {
            assertEquals(level, Level.parseLabel(level.label()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Level.parseLabel("loud"));
        assertTrue(e.getMessage().contains("loud"));
    }

    @Test
    void attributeMapsKeepOrderAndNormaliseNumbers() {
        var frozen = AttributeValues.freeze(new java.util.LinkedHashMap<>(java.util.Map.of("b", 1)));
        assertEquals(1L, frozen.get("b"));
        var ordered = new java.util.LinkedHashMap<String, Object>();
        ordered.put("z", "1");
        ordered.put("a", new byte[] {1, 2});
        assertEquals(java.util.List.of("z", "a"), java.util.List.copyOf(AttributeValues.freeze(ordered).keySet()));
        assertEquals("AQI=", AttributeValues.freeze(ordered).get("a"));
    }
}
