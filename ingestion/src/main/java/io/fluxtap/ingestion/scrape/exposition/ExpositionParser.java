package io.fluxtap.ingestion.scrape.exposition;

/** Parses one exposition format (the Prometheus text format 0.0.4 or OpenMetrics 1.0). Safe for concurrent use. */
public interface ExpositionParser {

    /**
     * @param body the page as received, already decompressed
     * @return every sample and family of the page
     * @throws ExpositionParseException when the page is not valid in this format
     */
    ParsedPage parse(byte[] body) throws ExpositionParseException;
}
