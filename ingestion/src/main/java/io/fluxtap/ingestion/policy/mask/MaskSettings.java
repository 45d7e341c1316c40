package io.fluxtap.ingestion.policy.mask;

import io.fluxtap.ingestion.policy.mask.Replacements.PanMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The masking stage's configuration, checked whole before the server takes traffic: a broken entry stops start-up
 * with a message naming the key and the entry, so nothing is half-applied.
 *
 * @param enabled    {@code fluxtap.mask.enabled}: the card-number scan and the attribute rules (a wire spec's own
 *                   {@code mask} entries apply whatever this says: they are part of the wire's contract)
 * @param pan        {@code fluxtap.mask.pan}: how a card number found in text is replaced
 * @param key        from {@code fluxtap.mask.token-key} or {@code fluxtap.mask.token-key-file}; needed by any
 *                   {@code token}
 * @param attributes {@code fluxtap.mask.attributes}: attribute key (or metric label name) to its action, in order
 */
public record MaskSettings(boolean enabled, PanMode pan, Optional<TokenKey> key, Map<String, MaskAction> attributes) {

    public static final String ENABLED = "fluxtap.mask.enabled";
    public static final String PAN = "fluxtap.mask.pan";
    public static final String TOKEN_KEY = "fluxtap.mask.token-key";
    public static final String TOKEN_KEY_FILE = "fluxtap.mask.token-key-file";
    public static final String ATTRIBUTES = "fluxtap.mask.attributes";

    /** Entries are split at commas not escaped as {@code \,} (a regex may need a literal comma: {@code \d{3\,4}}). */
    private static final Pattern ENTRY_SEPARATOR = Pattern.compile("(?<!\\\\),");
    private static final Pattern GROUP_NUMBER = Pattern.compile("(?<!\\\\)\\$(\\d+)");
    private static final Pattern GROUP_NAME = Pattern.compile("(?<!\\\\)\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    public MaskSettings {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        boolean tokens = pan == PanMode.TOKEN || attributes.values().stream().anyMatch(MaskAction.Token.class::isInstance);
        if (enabled && tokens && key.isEmpty()) {
            throw new IllegalArgumentException("a token mask (" + PAN + "=" + pan.name().toLowerCase(Locale.ROOT)
                    + (attributes.isEmpty() ? "" : ", " + ATTRIBUTES) + ") needs a key: set " + TOKEN_KEY + " or "
                    + TOKEN_KEY_FILE + " (at least " + TokenKey.MIN_BYTES + " bytes)");
        }
    }

    public static MaskSettings defaults() {
        return new MaskSettings(true, PanMode.TRUNCATE, Optional.empty(), Map.of());
    }

    /**
     * @param keyText the key's UTF-8 bytes; {@code keyFile} its bytes with one trailing line end removed; at most
     *                one of them may be set
     * @param home    {@code fluxtap.home}, against which a relative key file is resolved
     * @throws IllegalArgumentException naming the key and the entry
     */
    public static MaskSettings read(boolean enabled, String pan, Optional<String> keyText, Optional<String> keyFile,
                                    Optional<String> attributes, String home) {
        PanMode mode = switch (pan.strip().toLowerCase(Locale.ROOT)) {
            case "truncate" -> PanMode.TRUNCATE;
            case "token" -> PanMode.TOKEN;
            default -> throw new IllegalArgumentException(PAN + " must be truncate or token, was '" + pan + "'");
        };
        Optional<String> text = keyText.filter(k -> !k.isEmpty());
        Optional<String> file = keyFile.map(String::strip).filter(k -> !k.isEmpty());
        if (text.isPresent() && file.isPresent()) {
            throw new IllegalArgumentException("set one of " + TOKEN_KEY + " and " + TOKEN_KEY_FILE + ", not both");
        }
        Optional<TokenKey> key = text.map(k -> new TokenKey(k.getBytes(StandardCharsets.UTF_8), TOKEN_KEY));
        if (file.isPresent()) {
            key = Optional.of(new TokenKey(readKeyFile(file.get(), home), TOKEN_KEY_FILE + " (" + file.get() + ")"));
        }
        return new MaskSettings(enabled, mode, key, parseAttributes(attributes.orElse("")));
    }

    /**
     * {@code key=action} entries separated by commas; an action is {@code drop}, {@code token}, {@code truncate} or
     * {@code regex:<pattern>:<replacement>} (the replacement is what follows the last ':', so a pattern may hold
     * ':' and a replacement may not; {@code $1}, {@code ${name}} name groups).
     */
    public static Map<String, MaskAction> parseAttributes(String text) {
        Map<String, MaskAction> rules = new LinkedHashMap<>();
        if (text.isBlank()) {
            return rules;
        }
        List<String> entries = new ArrayList<>(List.of(ENTRY_SEPARATOR.split(text, -1)));
        for (String raw : entries) {
            String entry = raw.strip().replace("\\,", ",");
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(ATTRIBUTES + ": an empty entry (two commas, or one at an end) in '"
                        + text + "'");
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(ATTRIBUTES + " entry '" + entry + "' is not key=action (action: "
                        + "drop, token, truncate or regex:<pattern>:<replacement>)");
            }
            String key = entry.substring(0, eq).strip();
            String action = entry.substring(eq + 1).strip();
            if (rules.containsKey(key)) {
                throw new IllegalArgumentException(ATTRIBUTES + " entry '" + entry + "': key '" + key
                        + "' has a rule already");
            }
            rules.put(key, action(entry, action));
        }
        return rules;
    }

    private static MaskAction action(String entry, String action) {
        switch (action) {
            case "drop":
                return new MaskAction.Drop();
            case "token":
                return new MaskAction.Token();
            case "truncate":
                return new MaskAction.Truncate();
            default:
                break;
        }
        if (!action.startsWith("regex:")) {
            throw new IllegalArgumentException(ATTRIBUTES + " entry '" + entry + "': unknown action '" + action
                    + "' (drop, token, truncate or regex:<pattern>:<replacement>)");
        }
        String body = action.substring("regex:".length());
        int colon = body.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(ATTRIBUTES + " entry '" + entry + "': a regex action is "
                    + "regex:<pattern>:<replacement> (the replacement may be empty, the last ':' may not be missing)");
        }
        String regex = body.substring(0, colon);
        String replacement = body.substring(colon + 1);
        if (regex.isEmpty()) {
            throw new IllegalArgumentException(ATTRIBUTES + " entry '" + entry + "': the pattern is empty");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(ATTRIBUTES + " entry '" + entry + "': not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
        int groups = pattern.matcher("").groupCount();
        Matcher numbers = GROUP_NUMBER.matcher(replacement);
        while (numbers.find()) {
            if (Integer.parseInt(numbers.group(1)) > groups) {
                throw new IllegalArgumentException(ATTRIBUTES + " entry '" + entry + "': the replacement names group $"
                        + numbers.group(1) + " but the pattern has " + groups);
            }
        }
        Matcher names = GROUP_NAME.matcher(replacement);
        while (names.find()) {
            if (!pattern.namedGroups().containsKey(names.group(1))) {
                throw new IllegalArgumentException(ATTRIBUTES + " entry '" + entry + "': the replacement names group ${"
                        + names.group(1) + "}, which the pattern does not have");
            }
        }
        return new MaskAction.Regex(pattern, replacement);
    }

    private static byte[] readKeyFile(String name, String home) {
        Path path = Path.of(name);
        if (!path.isAbsolute() && home != null && !home.isBlank()) {
            path = Path.of(home).resolve(path);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(TOKEN_KEY_FILE + ": cannot read " + path.toAbsolutePath() + ": " + e);
        }
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\n') {
            n--;
            if (n > 0 && bytes[n - 1] == '\r') {
                n--;
            }
        }
        return java.util.Arrays.copyOf(bytes, n);
    }
}
