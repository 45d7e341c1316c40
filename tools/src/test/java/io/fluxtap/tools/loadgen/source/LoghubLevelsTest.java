package io.fluxtap.tools.loadgen.source;

import io.fluxtap.api.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoghubLevelsTest {

    /** Every level spelling that occurs in the loghub samples, and a few that do not. */
    @ParameterizedTest
    @CsvSource({
            "INFO, INFO", "Info, INFO", "I, INFO", "notice, INFO",
            "WARN, WARN", "WARNING, WARN", "W, WARN",
            "ERROR, ERROR", "error, ERROR", "E, ERROR", "SEVERE, ERROR",
            "FATAL, FATAL", "fatal, FATAL",
            "D, DEBUG", "V, DEBUG", "debug, DEBUG",
            "combo, INFO", "-, INFO", "KERNEL, INFO", "unspecified, INFO"})
    void mapsLoghubLevels(String text, Level expected) {
        assertEquals(expected, LoghubLevels.levelOf(text));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aMissingLevelIsInfo(String text) {
        assertEquals(Level.INFO, LoghubLevels.levelOf(text));
    }
}
