package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.StateStore;
import io.fluxtap.api.auth.AccessCheck;
import io.fluxtap.api.auth.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The API tokens: made, listed, revoked and checked, kept in the {@link StateStore} (namespace {@value #NAMESPACE},
 * one document per token id) and in memory for the checks. A secret is {@code ftk_<id>_<random>}: the id finds the
 * token, and the whole secret's HMAC-SHA256 under the server key must equal the stored one (compared in constant
 * time). HMAC rather than a slow password hash because the secret carries 256 random bits, so nothing is left to
 * guess, and every ingest request is checked.
 *
 * <p>Every change is written through before it is answered, so a revocation holds at once and after a restart.
 * The last use is kept in memory at every accepted request, and written only when it moved by
 * {@link #LAST_USED_STEP}, so a busy sender does not write the database at every request.
 */
public final class TokenBook {

    public static final String NAMESPACE = "auth.tokens";
    public static final String PREFIX = "ftk_";
    /**
     * The scheme with its space percent-encoded: {@code OTEL_EXPORTER_OTLP_HEADERS} values are percent-encoded by the
     * specification ({@code authorization=Bearer%20<token>}, as the README says), and SDKs that do not decode them
     * (the Java SDK 1.29's autoconfiguration) send the {@code %20} as is. A secret never holds a {@code %}.
     */
    private static final String BEARER_ENCODED = "Bearer%20";
    static final Duration LAST_USED_STEP = Duration.ofMinutes(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern ID = Pattern.compile("[a-z0-9]{12}");
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A token just made: the only time its secret is known. */
    public record Created(ApiToken token, String secret) {
    }

    private final StateStore store;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Consumer<TokenChange> audit;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ApiToken> byId = new ConcurrentHashMap<>();
    /** The last use as stored, by id, to know when to write it again. */
    private final Map<String, Instant> storedUse = new ConcurrentHashMap<>();

    /**
     * Loads the stored tokens.
     *
     * @param key   the server key (at least 32 bytes), from {@link ServerKey}
     * @param audit gets each create and revoke after it is stored
     */
    public TokenBook(StateStore store, Clock clock, byte[] key, Consumer<TokenChange> audit) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the server key must have at least 32 bytes, has " + key.length);
        }
        this.store = store;
        this.clock = clock;
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.audit = audit;
        for (StateStore.Entry entry : store.load(NAMESPACE)) {
            ApiToken token = read(entry.key(), entry.json());
            byId.put(token.id(), token);
            if (token.lastUsed() != null) {
                storedUse.put(token.id(), token.lastUsed());
            }
        }
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The tokens not revoked (expired ones included, until the store forgets them), by name. */
    public List<ApiToken> list() {
        return byId.values().stream().sorted(Comparator.comparing(ApiToken::name)).toList();
    }

    public Optional<ApiToken> byName(String name) {
        return byId.values().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * @param expiresIn null for a token that never expires
     * @param caller    who asks, for the audit record
     * @throws IllegalArgumentException for a bad name, no scope or a non-positive expiry
     * @throws IllegalStateException    when a token of that name exists
     */
    public synchronized Created create(String name, Set<Scope> scopes, Duration expiresIn, String caller) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a token name is 1 to 64 letters, digits, '_', '.' or '-', starting "
                    + "with a letter or digit; was '" + name + "'");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one scope (ingest, read, write, admin)");
        }
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new IllegalArgumentException("expires_in must be positive, was " + expiresIn);
        }
        if (byName(name).isPresent()) {
            throw new IllegalStateException("a token named '" + name + "' exists; revoke it first");
        }
        String id;
        do {
            id = randomId();
        } while (byId.containsKey(id));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        ApiToken token = new ApiToken(id, name, scopes, now, null, expiresIn == null ? null : now.plus(expiresIn),
                hash(secret));
        store.put(NAMESPACE, id, write(token), token.expiresAt());
        byId.put(id, token);
        audit.accept(new TokenChange("create", name, Scope.labels(token.scopes()), token.expiresAt(), caller));
        return new Created(token, secret);
    }

    /** @return false when there is no token of that name */
    public synchronized boolean revoke(String name, String caller) {
        Optional<ApiToken> token = byName(name);
        if (token.isEmpty()) {
            return false;
        }
        store.delete(NAMESPACE, token.get().id());
        byId.remove(token.get().id());
        storedUse.remove(token.get().id());
        audit.accept(new TokenChange("revoke", name, Scope.labels(token.get().scopes()), token.get().expiresAt(),
                caller));
        return true;
    }

    /** @param authorization the {@code Authorization} value as sent, null when absent */
    public AccessCheck check(String authorization, Scope needed) {
        if (authorization == null || authorization.isBlank()) {
            return AccessCheck.unauthenticated("a token is needed: send 'Authorization: Bearer <token>'");
        }
        String value = authorization.strip();
        String secret;
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            secret = value.substring(7).strip();
        } else if (value.regionMatches(true, 0, BEARER_ENCODED, 0, BEARER_ENCODED.length())) {
            secret = value.substring(BEARER_ENCODED.length()).strip();
        } else {
            return AccessCheck.unauthenticated("the Authorization header must be 'Bearer <token>'");
        }
        Optional<ApiToken> found = find(secret);
        if (found.isEmpty()) {
            return AccessCheck.unauthenticated("unknown or revoked token");
        }
        ApiToken token = found.get();
        Instant now = clock.instant();
        if (token.expired(now)) {
            return AccessCheck.unauthenticated("token '" + token.name() + "' expired at " + token.expiresAt());
        }
        if (!token.scopes().contains(needed)) {
            return AccessCheck.forbidden(token.name(), "token '" + token.name() + "' has scopes "
                    + Scope.labels(token.scopes()) + "; this request needs " + needed.label());
        }
        used(token, now);
        return AccessCheck.allowed(token.name());
    }

    private Optional<ApiToken> find(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = secret.indexOf('_', PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        String id = secret.substring(PREFIX.length(), end);
        ApiToken token = ID.matcher(id).matches() ? byId.get(id) : null;
        if (token == null) {
            return Optional.empty();
        }
        boolean same = MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                token.hash().getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.of(token) : Optional.empty();
    }

    private void used(ApiToken token, Instant now) {
        ApiToken updated = token.usedAt(now);
        // A revocation meanwhile removed the id: replace only what is still there.
        if (byId.replace(token.id(), token, updated)) {
            Instant stored = storedUse.get(token.id());
            if (stored == null || Duration.between(stored, now).compareTo(LAST_USED_STEP) >= 0) {
                synchronized (this) {
                    ApiToken current = byId.get(token.id());
                    if (current != null) {
                        store.put(NAMESPACE, current.id(), write(current), current.expiresAt());
                        storedUse.put(current.id(), now);
                    }
                }
            }
        }
    }

    String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private String randomId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    private static String write(ApiToken token) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", token.name());
        node.put("scopes", Scope.labels(token.scopes()));
        node.put("created", token.created().toString());
        node.put("last_used", token.lastUsed() == null ? null : token.lastUsed().toString());
        node.put("expires_at", token.expiresAt() == null ? null : token.expiresAt().toString());
        node.put("hmac_sha256", token.hash());
        return node.toString();
    }

    private static ApiToken read(String id, String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return new ApiToken(id, node.path("name").asText(), Scope.parseList(node.path("scopes").asText()),
                    Instant.parse(node.path("created").asText()), instant(node.get("last_used")),
                    instant(node.get("expires_at")), node.path("hmac_sha256").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("the stored token " + id + " is no JSON", e);
        }
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }
}
