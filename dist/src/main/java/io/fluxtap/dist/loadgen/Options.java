package io.fluxtap.dist.loadgen;

import io.fluxtap.api.Level;
import io.fluxtap.dist.loadgen.source.Encoding;
import io.fluxtap.dist.loadgen.source.OtlpSignal;
import io.fluxtap.dist.loadgen.transport.Protocol;

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

    public static final String USAGE = """
            usage: fluxtap loadgen [options]
            Sends OTLP logs, traces or metrics (over HTTP or gRPC) to a Fluxtap (or any OTLP) receiver, or
            Prometheus remote_write samples (--mode remote-write), and prints the achieved rate, errors and
            latency percentiles.
            "Records" below are log records, spans, data points or samples.

              --mode M             otlp or remote-write (default otlp). remote-write sends Prometheus
                                   remote_write 1.0 (snappy protobuf WriteRequest) to --endpoint as given
                                   (default %s; a Prometheus run with
                                   --web.enable-remote-write-receiver takes it at /api/v1/write); 2xx is accepted
              --series N           remote-write: distinct series (default 100, at least --connections);
                                   every series' timestamps strictly increase and stay on the clock as long
                                   as a series gets at most 1000 samples/s (--rate <= 1000 x --series)
              --signal S           logs, traces or metrics (default logs); traces: synthetic traces of a root
                                   service (--service) calling cart, payment and inventory, each querying its
                                   database; metrics: a gauge, a monotonic sum and a histogram of --service
              --protocol P         http (OTLP/HTTP) or grpc (OTLP/gRPC, plaintext HTTP/2) (default http)
              --endpoint URL       receiver base URL; over http /v1/logs, /v1/traces or /v1/metrics is appended
                                   (default %s; with --protocol grpc http://host:port, default %s)
              --rate N             records per second over all connections, 0 = flat out (default 0)
              --batch N            records per request (spans, data points or samples; default 100)
              --connections N      concurrent senders, one HTTP connection (or gRPC channel) each (default 4)
              --duration D         how long to send, e.g. 30s, 2m, 500ms (default 10s unless --records is given)
              --records N          stop after N records (with --duration: whichever comes first)
              --encoding E         protobuf or json (default protobuf; traces and metrics are sent as protobuf)
              --gzip               compress request bodies (Content-Encoding: gzip; gRPC message compression)
              --service NAME       service.name of synthetic records, job label of remote-write series
                                   (default loadgen)
              --level L            severity of synthetic log records: trace, debug, info, warn, error, fatal
                                   (default info)
              --attr key=value     attribute added to every log record, span or data point, or label added
                                   to every remote-write series; repeatable (e.g. --attr audit=true)
              --dataset PATH       logs only: replay a loghub system directory (e.g. .../loghub/HDFS) or the loghub root
                                   (all systems in turn) with fresh timestamps instead of synthetic records
              --timeout D          per-request timeout (default 10s)
              --report-json FILE   also write the summary as JSON
              -h, --help           this text

            With --rate the generator is open-loop: requests leave at fixed intervals and latency is measured
            from the intended send time. Exit status: 0 when it ran, 1 when no request succeeded, 2 for bad options.
            """.formatted(DEFAULT_REMOTE_WRITE_ENDPOINT, DEFAULT_ENDPOINT, DEFAULT_GRPC_ENDPOINT);

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final List<String> KNOWN_WITH_VALUE = List.of("--mode", "--series", "--signal", "--protocol", "--endpoint", "--rate", "--batch", "--connections",
            "--duration", "--records", "--encoding", "--service", "--attr", "--level", "--dataset", "--timeout",
            "--report-json");

    public Options {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** True when the command line asks for the usage text (it wins over everything else on the line). */
    public static boolean wantsHelp(List<String> args) {
        return args.contains("-h") || args.contains("--help");
    }

    /** Parses and validates a command line ({@code --name value} or {@code --name=value}). */
    public static Options parse(List<String> args) throws OptionsException {
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        boolean gzip = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new OptionsException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (name.equals("--gzip")) {
                if (value != null) {
                    throw new OptionsException("--gzip takes no value");
                }
                gzip = true;
                continue;
            }
            if (!KNOWN_WITH_VALUE.contains(name)) {
                throw new OptionsException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new OptionsException(name + " needs a value");
                }
                value = args.get(++i);
            }
            if (name.equals("--attr")) {
                addAttribute(attributes, value);
            } else if (single.put(name, value) != null) {
                throw new OptionsException(name + " given twice");
            }
        }
        return build(single, attributes, gzip);
    }

    private static Options build(Map<String, String> given, Map<String, String> attributes, boolean gzip)
            throws OptionsException {
        Mode mode = mode(given.getOrDefault("--mode", "otlp"));
        if (mode == Mode.REMOTE_WRITE) {
            if (gzip) {
                throw new OptionsException("--gzip applies to --mode otlp only (remote_write is always snappy)");
            }
            for (String otlpOnly : List.of("--signal", "--protocol", "--encoding", "--dataset", "--level")) {
                if (given.containsKey(otlpOnly)) {
                    throw new OptionsException(otlpOnly + " applies to --mode otlp only");
                }
            }
        } else if (given.containsKey("--series")) {
            throw new OptionsException("--series applies to --mode remote-write only");
        }
        OtlpSignal signal = signal(given.getOrDefault("--signal", "logs"));
        if (signal != OtlpSignal.LOGS) {
            for (String logsOnly : List.of("--dataset", "--level", "--encoding")) {
                if (given.containsKey(logsOnly)) {
                    throw new OptionsException(logsOnly + " applies to --signal logs only");
                }
            }
        }
        Protocol protocol = protocol(given.getOrDefault("--protocol", "http"));
        URI exportUri = mode == Mode.REMOTE_WRITE
                ? exportUri(given.getOrDefault("--endpoint", DEFAULT_REMOTE_WRITE_ENDPOINT), "")
                : protocol == Protocol.GRPC
                ? grpcUri(given.getOrDefault("--endpoint", DEFAULT_GRPC_ENDPOINT))
                : exportUri(given.getOrDefault("--endpoint", DEFAULT_ENDPOINT), signal.httpPath());
        if (protocol == Protocol.GRPC && given.containsKey("--encoding")
                && !given.get("--encoding").strip().toLowerCase(Locale.ROOT).startsWith("proto")) {
            throw new OptionsException("--protocol grpc sends protobuf only");
        }
        int rate = (int) number(given, "--rate", 0, 0, Integer.MAX_VALUE);
        int batch = (int) number(given, "--batch", 100, 1, MAX_BATCH);
        if (rate > 0 && rate < batch) {
            if (given.containsKey("--batch")) {
                throw new OptionsException("--rate " + rate + " is below --batch " + batch
                        + ": that would send one request every " + (batch / rate) + " s or more; lower --batch");
            }
            // A low target rate with the default batch would send in bursts; smaller requests keep it even.
            batch = rate;
        }
        int connections = (int) number(given, "--connections", 4, 1, MAX_CONNECTIONS);
        int series = (int) number(given, "--series", 100, 1, MAX_SERIES);
        if (mode == Mode.REMOTE_WRITE && series < connections) {
            throw new OptionsException("--series " + series + " is below --connections " + connections
                    + ": every connection needs series of its own to keep their samples in order");
        }
        long records = number(given, "--records", 0, 1, Long.MAX_VALUE);
        Duration duration = given.containsKey("--duration") ? duration(given, "--duration")
                : records > 0 ? null : DEFAULT_DURATION;
        Duration timeout = given.containsKey("--timeout") ? duration(given, "--timeout") : Duration.ofSeconds(10);
        Encoding encoding = encoding(given.getOrDefault("--encoding", "protobuf"));
        Path dataset = given.containsKey("--dataset") ? existing(given.get("--dataset"), "--dataset") : null;
        if (dataset != null && (given.containsKey("--service") || given.containsKey("--level"))) {
            throw new OptionsException("--service and --level apply to synthetic records; with --dataset the"
                    + " service is the loghub system and the level comes from each line");
        }
        String service = given.getOrDefault("--service", "loadgen");
        if (service.isBlank()) {
            throw new OptionsException("--service must not be blank");
        }
        Level level = level(given.getOrDefault("--level", "info"));
        Path report = given.containsKey("--report-json") ? reportPath(given.get("--report-json")) : null;
        return new Options(mode, signal, protocol, exportUri, series, rate, batch, connections, duration, records, encoding, gzip, service,
                attributes, level, dataset, report, timeout);
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

    private static long number(Map<String, String> given, String name, long fallback, long min, long max)
            throws OptionsException {
        String text = given.get(name);
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

    private static Duration duration(Map<String, String> given, String name) throws OptionsException {
        Duration duration;
        try {
            duration = parseDuration(given.get(name));
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
