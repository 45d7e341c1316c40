package io.fluxtap.alerting.silence;

/** Alertmanager's silence states, with their wire names. */
public enum SilenceState {
    PENDING("pending"), ACTIVE("active"), EXPIRED("expired");

    private final String wireName;

    SilenceState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
