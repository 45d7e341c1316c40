package io.fluxtap.ingestion.scrape.exposition;

import java.util.Locale;

/** Content negotiation for scrapes, as Prometheus 2.42 does it ({@code scrape/scrape.go}, {@code textparse.New}). */
public final class Expositions {

    /** The {@code Accept} header Prometheus 2.42 sends on every scrape ({@code scrapeAcceptHeader}). */
    public static final String ACCEPT_HEADER = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static final ExpositionParser TEXT = new PrometheusTextParser();
    private static final ExpositionParser OPEN_METRICS = new OpenMetricsParser();

    private Expositions() {
    }

    /**
     * The parser for a response's {@code Content-Type}: OpenMetrics for {@code application/openmetrics-text}
     * (any version, any case), the text format 0.0.4 for anything else, including a missing, unknown or
     * unparsable header (Prometheus falls back to its text parser then, logging at debug level only).
     */
    public static ExpositionParser forContentType(String contentTypeHeader) {
        if (contentTypeHeader == null) {
            return TEXT;
        }
        int semicolon = contentTypeHeader.indexOf(';');
        String mediaType = (semicolon >= 0 ? contentTypeHeader.substring(0, semicolon) : contentTypeHeader)
                .trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/openmetrics-text") ? OPEN_METRICS : TEXT;
    }
}
