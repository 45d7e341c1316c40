package io.fluxtap.tools.loadgen.transport;

/**
 * The server's answer to one request.
 *
 * @param status   the HTTP status (or its equivalent for other transports)
 * @param rejected items the server refused although the request succeeded (OTLP partial success)
 * @param message  the server's error or partial-success message; null when there is none
 */
public record Reply(int status, long rejected, String message) {

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
