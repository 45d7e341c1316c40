package io.fluxtap.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsTheShortFormsCombinedUnitsAndIso8601() {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofMinutes(90), converter.convert("1h30m"));
        assertEquals(Duration.ofDays(7), converter.convert("7d"));
        assertEquals(Duration.ofSeconds(30), converter.convert("PT30S"));
        assertEquals(Duration.ofMinutes(90), converter.convert("PT1H30M"));
    }

    @Test
    void anEmptyValueIsAMissingKey() {
        assertNull(converter.convert(""));
        assertNull(converter.convert("  "));
    }

    @Test
    void aNumberWithoutUnitAndNonPositiveDurationsAreRefusedNamingTheForms() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> converter.convert("30"));
        assertEquals("must be a positive duration such as 500ms, 30s, 2m, 1h30m, 7d or PT30S, was '30'",
                plain.getMessage());
        assertThrows(IllegalArgumentException.class, () -> converter.convert("0s"));
        assertThrows(IllegalArgumentException.class, () -> converter.convert("PT-1S"));
        assertThrows(IllegalArgumentException.class, () -> converter.convert("ten minutes"));
    }

    @Test
    void isRegisteredForTheServiceLoader() {
        List<Class<?>> converters = ServiceLoader.load(Converter.class).stream()
                .<Class<?>>map(ServiceLoader.Provider::type).toList();
        assertTrue(converters.contains(DurationConverter.class), converters.toString());
    }
}
