package io.fluxtap.ingestion.policy.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 key behind {@code token} masks: {@code tok_} and the first 16 hex digits of the MAC, so equal
 * values give equal tokens across records and signals, and no one without the key can go back or test a guess.
 * A {@link Mac} is not thread-safe: each thread keeps its own, initialised once.
 */
public final class TokenKey {

    /** 128 bits: shorter keys make the tokens open to guessing the key. */
    public static final int MIN_BYTES = 16;
    public static final String PREFIX = "tok_";

    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** @throws IllegalArgumentException naming {@code source} (the configuration key) when the key is too short */
    public TokenKey(byte[] bytes, String source) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(source + " must hold at least " + MIN_BYTES + " bytes for an "
                    + "HMAC-SHA256 key, has " + bytes.length);
        }
        this.key = new SecretKeySpec(Arrays.copyOf(bytes, bytes.length), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** {@code tok_} + 16 hex digits of the HMAC of the text's UTF-8 bytes. */
    public String token(String text) {
        Mac mac = macs.get();
        byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HEX.formatHex(digest, 0, 8);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Whether two keys are the same bytes (for tests; constant time as any key comparison should be). */
    boolean sameAs(TokenKey other) {
        return MessageDigest.isEqual(key.getEncoded(), other.key.getEncoded());
    }
}
