package io.fluxtap.ui.login;

/** A signed-in user asked for what the role does not allow; shown by {@link ForbiddenView}, or in the page. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
