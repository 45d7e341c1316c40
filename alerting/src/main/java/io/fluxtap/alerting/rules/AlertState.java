package io.fluxtap.alerting.rules;

/** Prometheus' {@code rules.AlertState}, with its wire names (the {@code alertstate} label, the rules API). */
public enum AlertState {
    INACTIVE("inactive"), PENDING("pending"), FIRING("firing");

    private final String wireName;

    AlertState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
