package io.fluxtap.alerting.rules;

/** Prometheus' {@code rules.RuleHealth}, with its wire names as the rules API shows them. */
public enum RuleHealth {
    UNKNOWN("unknown"), OK("ok"), ERR("err");

    private final String wireName;

    RuleHealth(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
