package io.fluxtap.tools.loadgen.transport;

/** How OTLP requests travel. */
public enum Protocol {
    /** OTLP/HTTP: a POST per request to the signal's path. */
    HTTP,
    /** OTLP/gRPC over plaintext HTTP/2: a unary Export call per request. */
    GRPC
}
