package io.fluxtap.dist.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.StateStore;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.auth.DashboardUser;
import io.fluxtap.api.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The dashboard's users, kept in the {@link StateStore} (namespace {@value #NAMESPACE}, one document per name) and in
 * memory for the checks. A password is kept only as PBKDF2-HMAC-SHA256 (the JDK's, {@code iterations} rounds, a
 * 16-byte random salt per user): slow on purpose, unlike the tokens' HMAC, because a person's password has far fewer
 * bits than a token's secret. A wrong name costs the same hash as a wrong password, so timing tells no names.
 */
public final class UserBook {

    public static final String NAMESPACE = "auth.users";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 1024;
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StateStore store;
    private final Clock clock;
    private final int iterations;
    private final Consumer<AuditEntry> audit;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, DashboardAccount> byName = new ConcurrentHashMap<>();
    /** Users from {@code fluxtap.dashboard.users-file}: they sign in, but are changed in the file only. */
    private final Map<String, DashboardAccount> configured;
    /** Hashed for a name nobody has, so an unknown name takes as long as a known one. */
    private final DashboardAccount nobody;

    /**
     * Loads the stored users.
     *
     * @param iterations PBKDF2 rounds for passwords set from now on (at least 10 000; tests use few)
     * @param audit      gets each add and remove after it is stored
     */
    public UserBook(StateStore store, Clock clock, int iterations, Consumer<AuditEntry> audit) {
        this(store, clock, iterations, audit, List.of());
    }

    /** @param configured users from the configuration's file ({@link UserFile}); a stored user of a name there is hidden */
    public UserBook(StateStore store, Clock clock, int iterations, Consumer<AuditEntry> audit,
                    List<DashboardAccount> configured) {
        this.configured = new java.util.LinkedHashMap<>();
        configured.forEach(a -> this.configured.put(a.name(), a));
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive, was " + iterations);
        }
        this.store = store;
        this.clock = clock;
        this.iterations = iterations;
        this.audit = audit;
        for (StateStore.Entry entry : store.load(NAMESPACE)) {
            DashboardAccount account = read(entry.key(), entry.json());
            byName.put(account.name(), account);
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        nobody = new DashboardAccount("", Role.VIEWER, clock.instant(), iterations,
                Base64.getEncoder().encodeToString(salt), Base64.getEncoder().encodeToString(new byte[32]));
    }

    /** The users, by name (their hashes stay inside). */
    public List<DashboardAccount> list() {
        Map<String, DashboardAccount> all = new java.util.HashMap<>(byName);
        all.putAll(configured);
        return all.values().stream().sorted(Comparator.comparing(DashboardAccount::name)).toList();
    }

    /** The user of that name now, from memory (no hashing: the dashboard asks on every request). */
    public Optional<DashboardAccount> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        DashboardAccount account = configured.get(name);
        return Optional.ofNullable(account != null ? account : byName.get(name));
    }

    /** Whether the user comes from the configuration's file. */
    public boolean isConfigured(String name) {
        return configured.containsKey(name);
    }

    /**
     * @param password cleared when done
     * @param who      who asks (the admin token's name), for the audit record
     * @param from     the address the request came from
     * @throws IllegalArgumentException for a bad name or a password shorter than {@value #MIN_PASSWORD}
     * @throws IllegalStateException    when a user of that name exists
     */
    public synchronized DashboardAccount add(String name, Role role, char[] password, String who, String from) {
        try {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '_', '.', '@' or '-', "
                        + "starting with a letter or digit; was '" + name + "'");
            }
            if (role == null) {
                throw new IllegalArgumentException("a user needs a role (viewer, editor, admin)");
            }
            if (password == null || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
                throw new IllegalArgumentException("a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD
                        + " characters");
            }
            if (configured.containsKey(name)) {
                throw new IllegalStateException("user '" + name + "' is in fluxtap.dashboard.users-file; change it there");
            }
            if (byName.containsKey(name)) {
                throw new IllegalStateException("a user named '" + name + "' exists; remove it first");
            }
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            DashboardAccount account = new DashboardAccount(name, role, clock.instant(), iterations,
                    Base64.getEncoder().encodeToString(salt),
                    Base64.getEncoder().encodeToString(derive(password, salt, iterations)));
            store.put(NAMESPACE, name, write(account), null);
            byName.put(name, account);
            audit.accept(new AuditEntry("users", "user add", who, from, name + " as " + role.label()));
            return account;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** @return false when there is no user of that name */
    public synchronized boolean remove(String name, String who, String from) {
        if (configured.containsKey(name)) {
            throw new IllegalStateException("user '" + name + "' is in fluxtap.dashboard.users-file; remove it there");
        }
        DashboardAccount account = byName.get(name);
        if (account == null) {
            return false;
        }
        store.delete(NAMESPACE, name);
        byName.remove(name);
        audit.accept(new AuditEntry("users", "user remove", who, from,
                name + " (" + account.role().label() + ")"));
        return true;
    }

    /**
     * @param password cleared when done
     * @return the user when the password is theirs
     */
    public Optional<DashboardUser> verify(String name, char[] password) {
        try {
            DashboardAccount account = name == null ? null
                    : configured.containsKey(name) ? configured.get(name) : byName.get(name);
            DashboardAccount against = account == null ? nobody : account;
            byte[] salt = Base64.getDecoder().decode(against.salt());
            boolean usable = password != null && password.length > 0 && password.length <= MAX_PASSWORD;
            // Hashed even when unusable or unknown: the time taken must not tell which it was.
            boolean matches = MessageDigest.isEqual(derive(usable ? password : new char[] {'\0'}, salt,
                    against.iterations()), Base64.getDecoder().decode(against.hash()));
            return account != null && usable && matches ? Optional.of(new DashboardUser(account.name(), account.role()))
                    : Optional.empty();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String write(DashboardAccount account) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("role", account.role().label());
        node.put("created", account.created().toString());
        node.put("algorithm", "PBKDF2WithHmacSHA256");
        node.put("iterations", account.iterations());
        node.put("salt", account.salt());
        node.put("hash", account.hash());
        return node.toString();
    }

    private static DashboardAccount read(String name, String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return new DashboardAccount(name, Role.parse(node.path("role").asText()),
                    java.time.Instant.parse(node.path("created").asText()), node.path("iterations").asInt(),
                    node.path("salt").asText(), node.path("hash").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("the stored user " + name + " is no JSON", e);
        }
    }
}
