package io.fluxtap.tools.loadgen;

/** A command line the load generator cannot run; the message is meant for the user as it is. */
public final class OptionsException extends Exception {

    public OptionsException(String message) {
        super(message);
    }
}
