package io.fluxtap.tools.loadgen;

/** Which wire protocol family a run speaks. */
public enum Mode {
    /** OTLP logs, traces or metrics, over HTTP or gRPC. */
    OTLP,
    /** Prometheus remote_write 1.0 samples. */
    REMOTE_WRITE
}
