package io.fluxtap.storage.promql.parse;

/** The four types a PromQL expression can have, named as Prometheus names them in errors. */
public enum ValueType {
    SCALAR("scalar"), STRING("string"), VECTOR("instant vector"), MATRIX("range vector");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
