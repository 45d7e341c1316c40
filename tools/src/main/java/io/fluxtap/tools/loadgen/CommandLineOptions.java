package io.fluxtap.tools.loadgen;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code fluxtap loadgen} as picocli reads it: every field is the text as given, null when the
 * option was not given, because whether an option was given decides what is allowed beside it (--series only with
 * --mode remote-write, an explicit --batch above --rate is refused, a default one shrinks). {@link Options#parse}
 * validates it into {@link Options}; the defaults live there, the help text here names them.
 */
@Command(name = "loadgen",
        customSynopsis = "usage: fluxtap loadgen [options]",
        synopsisHeading = "",
        description = {
                "Sends OTLP logs, traces or metrics (over HTTP or gRPC) to a Fluxtap (or any OTLP) receiver, or"
                        + " Prometheus remote_write samples (--mode remote-write), and prints the achieved rate,"
                        + " errors and latency percentiles.",
                "\"Records\" below are log records, spans, data points or samples."},
        optionListHeading = "%n",
        sortOptions = false,
        usageHelpWidth = 110,
        footerHeading = "%n",
        footer = {
                "With --rate the generator is open-loop: requests leave at fixed intervals and latency is measured"
                        + " from the intended send time.",
                "Exit status: 0 when it ran, 1 when no request succeeded, 2 for bad options."})
final class CommandLineOptions {

    @Option(names = "--mode", paramLabel = "M", description = "otlp or remote-write (default otlp). remote-write sends"
            + " Prometheus remote_write 1.0 (snappy protobuf WriteRequest) to --endpoint as given (default "
            + Options.DEFAULT_REMOTE_WRITE_ENDPOINT + "; a Prometheus run with --web.enable-remote-write-receiver takes"
            + " it at /api/v1/write); 2xx is accepted")
    String mode;

    @Option(names = "--series", paramLabel = "N", description = "remote-write: distinct series (default 100, at least"
            + " --connections); every series' timestamps strictly increase and stay on the clock as long as a series"
            + " gets at most 1000 samples/s (--rate <= 1000 x --series)")
    String series;

    @Option(names = "--signal", paramLabel = "S", description = "logs, traces or metrics (default logs); traces:"
            + " synthetic traces of a root service (--service) calling cart, payment and inventory, each querying its"
            + " database; metrics: a gauge, a monotonic sum and a histogram of --service")
    String signal;

    @Option(names = "--protocol", paramLabel = "P",
            description = "http (OTLP/HTTP) or grpc (OTLP/gRPC, plaintext HTTP/2) (default http)")
    String protocol;

    @Option(names = "--endpoint", paramLabel = "URL", description = "receiver base URL; over http /v1/logs,"
            + " /v1/traces or /v1/metrics is appended (default " + Options.DEFAULT_ENDPOINT + "; with --protocol grpc"
            + " http://host:port, default " + Options.DEFAULT_GRPC_ENDPOINT + ")")
    String endpoint;

    @Option(names = "--rate", paramLabel = "N",
            description = "records per second over all connections, 0 = flat out (default 0)")
    String rate;

    @Option(names = "--batch", paramLabel = "N",
            description = "records per request (spans, data points or samples; default 100)")
    String batch;

    @Option(names = "--connections", paramLabel = "N",
            description = "concurrent senders, one HTTP connection (or gRPC channel) each (default 4)")
    String connections;

    @Option(names = "--duration", paramLabel = "D",
            description = "how long to send, e.g. 30s, 2m, 500ms (default 10s unless --records is given)")
    String duration;

    @Option(names = "--records", paramLabel = "N",
            description = "stop after N records (with --duration: whichever comes first)")
    String records;

    @Option(names = "--encoding", paramLabel = "E",
            description = "protobuf or json (default protobuf; traces and metrics are sent as protobuf)")
    String encoding;

    /** Arity 0, so that a value ({@code --gzip=yes}, even {@code --gzip=true}) is refused: the flag takes none. */
    @Option(names = "--gzip", arity = "0",
            description = "compress request bodies (Content-Encoding: gzip; gRPC message compression)")
    boolean gzip;

    @Option(names = "--service", paramLabel = "NAME",
            description = "service.name of synthetic records, job label of remote-write series (default loadgen)")
    String service;

    @Option(names = "--level", paramLabel = "L", description = "severity of synthetic log records: trace, debug,"
            + " info, warn, error, fatal (default info)")
    String level;

    @Option(names = "--attr", paramLabel = "key=value", description = "attribute added to every log record, span or"
            + " data point, or label added to every remote-write series; repeatable (e.g. --attr audit=true)")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--dataset", paramLabel = "PATH", description = "logs only: replay a loghub system directory"
            + " (e.g. .../loghub/HDFS) or the loghub root (all systems in turn) with fresh timestamps instead of"
            + " synthetic records")
    String dataset;

    @Option(names = "--timeout", paramLabel = "D", description = "per-request timeout (default 10s)")
    String timeout;

    @Option(names = "--report-json", paramLabel = "FILE", description = "also write the summary as JSON")
    String reportJson;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;
}
