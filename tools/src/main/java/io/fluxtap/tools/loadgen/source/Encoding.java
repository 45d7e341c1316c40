package io.fluxtap.tools.loadgen.source;

/** How an OTLP request body is written, with the Content-Type that names it. */
public enum Encoding {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private final String contentType;

    Encoding(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }
}
