package io.fluxtap.alerting.rules;

/** A template that does not parse or execute; the message is worded as Go's text/template words it. */
public class RuleTemplateException extends RuntimeException {

    public RuleTemplateException(String message) {
        super(message);
    }

    public RuleTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
