package io.fluxtap.tools.loadgen.source;

import java.util.Locale;

/** The OTLP signal a run sends, with the path OTLP/HTTP receivers take it at. */
public enum OtlpSignal {
    LOGS("/v1/logs"),
    TRACES("/v1/traces"),
    METRICS("/v1/metrics");

    private final String httpPath;

    OtlpSignal(String httpPath) {
        this.httpPath = httpPath;
    }

    public String httpPath() {
        return httpPath;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
