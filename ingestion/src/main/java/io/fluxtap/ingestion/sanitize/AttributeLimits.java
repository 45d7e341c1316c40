package io.fluxtap.ingestion.sanitize;

/**
 * @param maxAttributes     attributes kept per record (and per span event or link), in the sender's order
 * @param maxValueLength    characters kept of a string attribute value (or metric label value)
 */
public record AttributeLimits(int maxAttributes, int maxValueLength) {

    public AttributeLimits {
        if (maxAttributes < 1) {
            throw new IllegalArgumentException("fluxtap.ingest.max-attributes must be at least 1, was " + maxAttributes);
        }
        if (maxValueLength < 1) {
            throw new IllegalArgumentException(
                    "fluxtap.ingest.max-attribute-value-length must be at least 1, was " + maxValueLength);
        }
    }
}
