package io.fluxtap.tools.loadgen;

import io.fluxtap.api.Level;
import io.fluxtap.tools.loadgen.source.Encoding;
import io.fluxtap.tools.loadgen.source.OtlpSignal;
import io.fluxtap.tools.loadgen.transport.Protocol;
import picocli.CommandLine;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one load generator run does.
 *
 * @param mode        OTLP or Prometheus remote_write
 * @param signal      what is sent over OTLP: logs, traces or metrics
 * @param protocol    OTLP/HTTP or OTLP/gRPC
 * @param exportUri   over HTTP the full URL (the endpoint with the signal's path, e.g. {@code /v1/logs}, appended);
 *                    over gRPC {@code http://host:port}; for remote_write the URL as given
 * @param series      distinct series of a remote_write run
 * @param rate        records per second over all connections; 0 sends flat out
 * @param batch       records per request
 * @param connections concurrent senders, each holding one HTTP connection
 * @param duration    how long to send; null when only {@code records} bounds the run
 * @param records     records to send in total; 0 when only {@code duration} bounds the run
 * @param service     service.name of synthetic records
 * @param attributes  added to every record (after the record's own, so they win)
 * @param level       severity of synthetic records
 * @param dataset     a loghub system directory, the loghub root, or one structured CSV; null for synthetic
 * @param reportJson  where to write the summary as JSON; null for none
 * @param timeout     how long one request may take before it counts as a transport error
 */
public record Options(Mode mode, OtlpSignal signal, Protocol protocol, URI exportUri, int series, int rate, int batch, int connections, Duration duration, long records,
                      Encoding encoding, boolean gzip, String service, Map<String, String> attributes,
                      Level level, Path dataset, Path reportJson, Duration timeout) {

    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4318";
    static final String DEFAULT_GRPC_ENDPOINT = "http://127.0.0.1:4317";
    static final String DEFAULT_REMOTE_WRITE_ENDPOINT = "http://127.0.0.1:8080/api/v1/write";
    static final int MAX_SERIES = 10_000_000;
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    static final int MAX_BATCH = 100_000;
    static final int MAX_CONNECTIONS = 1_000;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    public Options {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** True when the command line asks for the usage text (it wins over everything else on the line). */
    public static boolean wantsHelp(List<String> args) {
        return args.contains("-h") || args.contains("--help");
    }

    /** The {@code --help} text. */
    public static String usage() {
        return new CommandLine(new CommandLineOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * Parses ({@code --name value} or {@code --name=value}) and validates a command line. Picocli reads the names
     * and values; a line it cannot read (unknown option, missing value, an option given twice) is refused with the
     * first line of its message.
     */
    public static Options parse(List<String> args) throws OptionsException {
        CommandLineOptions given = new CommandLineOptions();
        try {
            // No @file expansion: the old parser took every argument as written, and so does this one.
            new CommandLine(given).setExpandAtFiles(false).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new OptionsException(e.getMessage().lines().findFirst().orElse("cannot read the command line"));
        }
        return build(given);
    }

    private static Options build(CommandLineOptions given) throws OptionsException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String attribute : given.attributes) {
            addAttribute(attributes, attribute);
        }
        Mode mode = mode(or(given.mode, "otlp"));
        if (mode == Mode.REMOTE_WRITE) {
            if (given.gzip) {
                throw new OptionsException("--gzip applies to --mode otlp only (remote_write is always snappy)");
            }
            String otlpOnly = "applies to --mode otlp only";
            refuseIfGiven("--signal", given.signal, otlpOnly);
            refuseIfGiven("--protocol", given.protocol, otlpOnly);
            refuseIfGiven("--encoding", given.encoding, otlpOnly);
            refuseIfGiven("--dataset", given.dataset, otlpOnly);
            refuseIfGiven("--level", given.level, otlpOnly);
        } else if (given.series != null) {
            throw new OptionsException("--series applies to --mode remote-write only");
        }
        OtlpSignal signal = signal(or(given.signal, "logs"));
        if (signal != OtlpSignal.LOGS) {
            String logsOnly = "applies to --signal logs only";
            refuseIfGiven("--dataset", given.dataset, logsOnly);
            refuseIfGiven("--level", given.level, logsOnly);
            refuseIfGiven("--encoding", given.encoding, logsOnly);
        }
        Protocol protocol = protocol(or(given.protocol, "http"));
        URI exportUri = mode == Mode.REMOTE_WRITE
                ? exportUri(or(given.endpoint, DEFAULT_REMOTE_WRITE_ENDPOINT), "")
                : protocol == Protocol.GRPC
                ? grpcUri(or(given.endpoint, DEFAULT_GRPC_ENDPOINT))
                : exportUri(or(given.endpoint, DEFAULT_ENDPOINT), signal.httpPath());
        if (protocol == Protocol.GRPC && given.encoding != null
                && !given.encoding.strip().toLowerCase(Locale.ROOT).startsWith("proto")) {
            throw new OptionsException("--protocol grpc sends protobuf only");
        }
        int rate = (int) number(given.rate, "--rate", 0, 0, Integer.MAX_VALUE);
        int batch = (int) number(given.batch, "--batch", 100, 1, MAX_BATCH);
        if (rate > 0 && rate < batch) {
            if (given.batch != null) {
                throw new OptionsException("--rate " + rate + " is below --batch " + batch
                        + ": that would send one request every " + (batch / rate) + " s or more; lower --batch");
            }
            // A low target rate with the default batch would send in bursts; smaller requests keep it even.
            batch = rate;
        }
        int connections = (int) number(given.connections, "--connections", 4, 1, MAX_CONNECTIONS);
        int series = (int) number(given.series, "--series", 100, 1, MAX_SERIES);
        if (mode == Mode.REMOTE_WRITE && series < connections) {
            throw new OptionsException("--series " + series + " is below --connections " + connections
                    + ": every connection needs series of its own to keep their samples in order");
        }
        long records = number(given.records, "--records", 0, 1, Long.MAX_VALUE);
        Duration duration = given.duration != null ? duration(given.duration, "--duration")
                : records > 0 ? null : DEFAULT_DURATION;
        Duration timeout = given.timeout != null ? duration(given.timeout, "--timeout") : Duration.ofSeconds(10);
        Encoding encoding = encoding(or(given.encoding, "protobuf"));
        Path dataset = given.dataset != null ? existing(given.dataset, "--dataset") : null;
        if (dataset != null && (given.service != null || given.level != null)) {
            throw new OptionsException("--service and --level apply to synthetic records; with --dataset the"
                    + " service is the loghub system and the level comes from each line");
        }
        String service = or(given.service, "loadgen");
        if (service.isBlank()) {
            throw new OptionsException("--service must not be blank");
        }
        Level level = level(or(given.level, "info"));
        Path report = given.reportJson != null ? reportPath(given.reportJson) : null;
        return new Options(mode, signal, protocol, exportUri, series, rate, batch, connections, duration, records,
                encoding, given.gzip, service, attributes, level, dataset, report, timeout);
    }

    private static String or(String given, String fallback) {
        return given != null ? given : fallback;
    }

    private static void refuseIfGiven(String name, String given, String why) throws OptionsException {
        if (given != null) {
            throw new OptionsException(name + " " + why);
        }
    }

    /** Per the OTLP exporter convention: a base URL gets the signal path appended, a full one is kept. */
    private static URI exportUri(String text, String signalPath) throws OptionsException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new OptionsException("--endpoint is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new OptionsException("--endpoint must be an http:// or https:// URL with a host, got '" + text + "'");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new OptionsException("--endpoint must not carry a query or fragment");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.endsWith(signalPath)) {
            path = path.replaceAll("/+$", "") + signalPath;
        }
        return uri.resolve(path);
    }

    /** gRPC needs only host and port; plaintext, since the load generator speaks h2c only. */
    private static URI grpcUri(String text) throws OptionsException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new OptionsException("--endpoint is not a URL: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new OptionsException("--protocol grpc needs --endpoint http://host:port (plaintext), got '"
                    + text + "'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") || uri.getQuery() != null || uri.getFragment() != null) {
            throw new OptionsException("--protocol grpc takes no path in --endpoint, got '" + text + "'");
        }
        return URI.create("http://" + uri.getHost() + ":" + uri.getPort());
    }

    private static Mode mode(String text) throws OptionsException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "otlp" -> Mode.OTLP;
            case "remote-write", "remote_write" -> Mode.REMOTE_WRITE;
            default -> throw new OptionsException("--mode must be otlp or remote-write, got '" + text + "'");
        };
    }

    private static Protocol protocol(String text) throws OptionsException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "http" -> Protocol.HTTP;
            case "grpc" -> Protocol.GRPC;
            default -> throw new OptionsException("--protocol must be http or grpc, got '" + text + "'");
        };
    }

    private static long number(String text, String name, long fallback, long min, long max)
            throws OptionsException {
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new OptionsException(name + " must be a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new OptionsException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 2m, 500ms or 1h");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static Duration duration(String text, String name) throws OptionsException {
        Duration duration;
        try {
            duration = parseDuration(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new OptionsException(name + ": " + e.getMessage());
        }
        if (duration.isZero()) {
            throw new OptionsException(name + " must be longer than zero");
        }
        return duration;
    }

    private static Encoding encoding(String text) throws OptionsException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "protobuf", "proto" -> Encoding.PROTOBUF;
            case "json" -> Encoding.JSON;
            default -> throw new OptionsException("--encoding must be protobuf or json, got '" + text + "'");
        };
    }

    private static OtlpSignal signal(String text) throws OptionsException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "logs" -> OtlpSignal.LOGS;
            case "traces" -> OtlpSignal.TRACES;
            case "metrics" -> OtlpSignal.METRICS;
            default -> throw new OptionsException("--signal must be logs, traces or metrics, got '" + text + "'");
        };
    }

    private static Level level(String text) throws OptionsException {
        return Level.fromText(text)
                .orElseThrow(() -> new OptionsException(
                        "--level must be one of trace, debug, info, warn, error, fatal, got '" + text + "'"));
    }

    private static void addAttribute(Map<String, String> attributes, String text) throws OptionsException {
        int equals = text.indexOf('=');
        if (equals <= 0 || text.substring(0, equals).isBlank()) {
            throw new OptionsException("--attr must be key=value, got '" + text + "'");
        }
        attributes.put(text.substring(0, equals).strip(), text.substring(equals + 1));
    }

    private static Path existing(String text, String name) throws OptionsException {
        Path path = Path.of(text);
        if (!Files.exists(path)) {
            throw new OptionsException(name + " " + text + " does not exist");
        }
        return path;
    }

    private static Path reportPath(String text) throws OptionsException {
        Path path = Path.of(text).toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw new OptionsException("--report-json " + text + " is a directory");
        }
        if (!Files.isDirectory(path.getParent())) {
            throw new OptionsException("--report-json: directory " + path.getParent() + " does not exist");
        }
        return path;
    }
}
