package io.fluxtap.alerting.template;

/**
 * A template that does not parse or fails while executing. The message follows Go's {@code text/template}:
 * {@code template: NAME:LINE: ...} for parse errors and {@code template: NAME:LINE:COL: executing "NAME" at <...>:
 * ...} for execution errors, so users see what Prometheus and Alertmanager would show them.
 */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
