package io.fluxtap.tools.loadgen.source;

import io.fluxtap.api.Level;

/**
 * The severity of a loghub line. Each system writes levels its own way (INFO, WARNING, E, V, notice,
 * SEVERE, fatal, ...); the api's reading of level names covers them. What names no level (Linux writes
 * "combo" on every line) or is missing counts as INFO, the level of an ordinary line.
 */
public final class LoghubLevels {

    private LoghubLevels() {
    }

    public static Level levelOf(String text) {
        return Level.fromText(text).filter(level -> level != Level.UNSPECIFIED).orElse(Level.INFO);
    }
}
