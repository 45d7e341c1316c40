package io.fluxtap.api.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Host and Origin rules of {@linkplain io.fluxtap.api.web the package}, built once per listener from the
 * configuration.
 *
 * @param allowedHosts lower-case names a {@code Host} header may carry (IP literals are always accepted)
 * @param anyHost true when {@code fluxtap.http.allowed-hosts} is {@code *}: the Host rule is off
 * @param corsOrigins normalised origins ({@code scheme://host[:port]}) of {@code fluxtap.http.cors-allowed-origins}
 * @param anyCorsOrigin true when that list is {@code *}
 */
public record HttpGuard(Set<String> allowedHosts, boolean anyHost, Set<String> corsOrigins, boolean anyCorsOrigin) {

    /** The key naming extra host names; {@code *} disables the Host check. */
    public static final String ALLOWED_HOSTS_KEY = "fluxtap.http.allowed-hosts";
    /** The key naming origins whose browsers may post to OTLP/HTTP; empty by default, {@code *} for any. */
    public static final String CORS_ORIGINS_KEY = "fluxtap.http.cors-allowed-origins";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?"
            + "(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

    public HttpGuard {
        allowedHosts = Set.copyOf(allowedHosts);
        corsOrigins = Set.copyOf(corsOrigins);
    }

    /**
     * The guard the server runs with.
     *
     * @param allowedHostsSetting {@value #ALLOWED_HOSTS_KEY}: comma-separated names added to the built-in ones, or
     *                            {@code *}; empty for the built-in ones only
     * @param configuredHost {@code fluxtap.host}, allowed unless it is a wildcard address
     * @param corsOriginsSetting {@value #CORS_ORIGINS_KEY}: comma-separated origins, or {@code *}
     * @throws IllegalArgumentException for a name or origin that cannot be one, naming the key
     */
    public static HttpGuard fromSettings(String allowedHostsSetting, String configuredHost, String corsOriginsSetting) {
        return fromSettings(allowedHostsSetting, configuredHost, machineHostName(), corsOriginsSetting);
    }

    /** As {@link #fromSettings(String, String, String)}, with the machine's host name given (tests). */
    public static HttpGuard fromSettings(String allowedHostsSetting, String configuredHost, String machineHostName,
                                         String corsOriginsSetting) {
        Set<String> hosts = new HashSet<>(Set.of("localhost", "localhost.localdomain"));
        add(hosts, configuredHost, "fluxtap.host");
        add(hosts, machineHostName, "the machine's host name");
        boolean anyHost = false;
        for (String name : items(allowedHostsSetting)) {
            if (name.equals("*")) {
                anyHost = true;
            } else if (!add(hosts, name, ALLOWED_HOSTS_KEY)) {
                throw new IllegalArgumentException(ALLOWED_HOSTS_KEY + ": '" + name
                        + "' is not a host name (give names without scheme or port, comma-separated, or *)");
            }
        }
        Set<String> origins = new HashSet<>();
        boolean anyOrigin = false;
        for (String origin : items(corsOriginsSetting)) {
            if (origin.equals("*")) {
                anyOrigin = true;
            } else {
                origins.add(normaliseOrigin(origin).orElseThrow(() -> new IllegalArgumentException(CORS_ORIGINS_KEY
                        + ": '" + origin + "' is not an origin (expected scheme://host[:port], e.g. "
                        + "https://app.example.com)")));
            }
        }
        return new HttpGuard(hosts, anyHost, origins, anyOrigin);
    }

    /**
     * Whether the request may be served.
     *
     * @param method the request method
     * @param host the {@code Host} header (null when absent: not a browser)
     * @param origin the {@code Origin} header, null when absent
     * @param upgrade true when the request asks for a protocol upgrade (a WebSocket handshake is a GET)
     * @param corsListener true on a listener that lets {@link #corsAllowed} origins through (OTLP/HTTP)
     */
    public Optional<Refusal> check(String method, String host, String origin, boolean upgrade, boolean corsListener) {
        return check(method, host, origin, upgrade, corsListener, false);
    }

    /**
     * As {@link #check(String, String, String, boolean, boolean)}, on a connection that is TLS when {@code secure}:
     * the server's own origin is then {@code https://} + its Host ({@code fluxtap.tls.*}), and an {@code http://}
     * page of the same name is as foreign as any other.
     */
    public Optional<Refusal> check(String method, String host, String origin, boolean upgrade, boolean corsListener,
                                   boolean secure) {
        if (host != null && !hostAllowed(host)) {
            return Optional.of(new Refusal(421, "Host '" + host + "' is not a name of this server; add it to "
                    + ALLOWED_HOSTS_KEY + " (FLUXTAP_HTTP_ALLOWED_HOSTS) to serve it"));
        }
        if (origin == null || (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT)) && !upgrade)) {
            return Optional.empty();
        }
        if (host != null && sameOrigin(origin, host, secure)) {
            return Optional.empty();
        }
        if (corsListener && corsAllowed(origin)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(403, "cross-origin request refused: Origin '" + origin
                + "' is not this server" + (corsListener ? " and not in " + CORS_ORIGINS_KEY : "")
                + "; clients that are not browsers send no Origin header"));
    }

    /** Whether {@code hostHeader} ({@code name[:port]}, {@code [v6]:port}) names this server. */
    public boolean hostAllowed(String hostHeader) {
        if (anyHost) {
            return true;
        }
        String name = hostName(hostHeader.trim());
        if (name.isEmpty()) {
            return false;
        }
        return isIpLiteral(name) || allowedHosts.contains(name);
    }

    /** Whether a browser page of {@code origin} may send to a CORS listener (OTLP/HTTP). */
    public boolean corsAllowed(String origin) {
        if (origin == null || origin.equals("null")) {
            return false;
        }
        return anyCorsOrigin || normaliseOrigin(origin).map(corsOrigins::contains).orElse(false);
    }

    private static boolean sameOrigin(String origin, String hostHeader, boolean secure) {
        Optional<String> own = normaliseOrigin((secure ? "https://" : "http://") + hostHeader.trim());
        return own.isPresent() && own.equals(normaliseOrigin(origin));
    }

    /** {@code scheme://host[:port]} lower-cased, default ports dropped; empty when it is no origin. */
    static Optional<String> normaliseOrigin(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + stripDot(host.toLowerCase(Locale.ROOT)) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The name of a Host header without its port, lower-case, a final dot dropped; IPv6 keeps its brackets. */
    static String hostName(String hostHeader) {
        String name = hostHeader.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            return close < 0 ? "" : name.substring(0, close + 1);
        }
        int colon = name.indexOf(':');
        return stripDot(colon < 0 ? name : name.substring(0, colon));
    }

    private static boolean isIpLiteral(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            String inner = name.substring(1, name.length() - 1);
            return inner.contains(":") && inner.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':'
                    || c == '.');
        }
        return IPV4.matcher(name).matches()
                && Arrays.stream(name.split("\\.")).allMatch(part -> Integer.parseInt(part) <= 255);
    }

    private static boolean add(Set<String> hosts, String name, String source) {
        if (name == null || name.isBlank()) {
            return true;
        }
        String host = stripDot(name.trim().toLowerCase(Locale.ROOT));
        if (isWildcard(host)) {
            return true;
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        if (isIpLiteral(host)) {
            return true;
        }
        if (!HOST_NAME.matcher(host).matches()) {
            return false;
        }
        hosts.add(host);
        return true;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("*");
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String[] items(String setting) {
        if (setting == null || setting.isBlank()) {
            return new String[0];
        }
        return Arrays.stream(setting.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /**
     * The name the machine calls itself (what other hosts on a LAN usually type), or null. {@code getLocalHost}
     * takes the name from the system and may then try to resolve it; either failing is no reason not to start.
     */
    private static String machineHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? null : env;
        }
    }
}
