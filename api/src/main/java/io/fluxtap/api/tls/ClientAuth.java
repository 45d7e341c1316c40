package io.fluxtap.api.tls;

import java.util.Locale;

/** {@code fluxtap.tls.client-auth}: whether the ingest listeners ask senders for a certificate. */
public enum ClientAuth {
    /** No certificate is asked for. */
    NONE,
    /** A certificate is asked for and checked when sent; a sender without one is still served. */
    OPTIONAL,
    /** A sender without a certificate signed by {@code fluxtap.tls.client-ca} fails the handshake. */
    REQUIRED;

    public static ClientAuth parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ServerTlsSettings.PREFIX + "client-auth: unknown value '" + text
                    + "' (expected none, optional or required)", e);
        }
    }
}
