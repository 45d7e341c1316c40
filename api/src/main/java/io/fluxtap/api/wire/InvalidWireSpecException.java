package io.fluxtap.api.wire;

import java.nio.file.Path;

/**
 * A wire spec that cannot be used: the message is {@code wire spec <file>: <problem>}. An {@link IllegalStateException}
 * because it stops start-up: a wire silently missing would answer its senders 404 until someone noticed.
 */
public final class InvalidWireSpecException extends IllegalStateException {

    private final transient Path file;
    private final String problem;

    public InvalidWireSpecException(Path file, String problem) {
        super("wire spec " + file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The spec file. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file. */
    public String problem() {
        return problem;
    }
}
