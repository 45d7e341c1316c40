package io.fluxtap.ingestion.policy.sampling;

/**
 * What one policy says about a trace, with the Collector's inverted forms: an inverted match that says "not sampled"
 * vetoes every other policy's "sampled", an inverted "sampled" counts only when no policy said "not sampled".
 */
public enum Decision {
    SAMPLED, NOT_SAMPLED, INVERT_SAMPLED, INVERT_NOT_SAMPLED;

    /** The {@code decision} label on {@code /metrics}, as the Collector reports inverted decisions. */
    public String label() {
        return this == SAMPLED || this == INVERT_SAMPLED ? "sampled" : "not_sampled";
    }

    boolean sampled() {
        return this == SAMPLED || this == INVERT_SAMPLED;
    }
}
