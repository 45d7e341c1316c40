package io.fluxtap.ingestion.scrape.exposition;

/**
 * A page that is not valid in its format. The message says why, in the words a Prometheus user would recognise;
 * the scrape fails as a whole (Prometheus keeps no part of an invalid page).
 */
public final class ExpositionParseException extends Exception {

    private final int line;

    public ExpositionParseException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
    }

    /** The 1-based line the parser stopped at, or 0 when the fault is not on one line. */
    public int line() {
        return line;
    }
}
