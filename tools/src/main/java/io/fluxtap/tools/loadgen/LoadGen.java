package io.fluxtap.tools.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.tools.loadgen.report.ProgressReporter;
import io.fluxtap.tools.loadgen.report.RunStats;
import io.fluxtap.tools.loadgen.report.Summary;
import io.fluxtap.tools.loadgen.source.LogLines;
import io.fluxtap.tools.loadgen.source.LogPayloadPool;
import io.fluxtap.tools.loadgen.source.LoghubDataset;
import io.fluxtap.tools.loadgen.source.OtlpLogsEncoder;
import io.fluxtap.tools.loadgen.source.PayloadSource;
import io.fluxtap.tools.loadgen.source.RemoteWriteSeries;
import io.fluxtap.tools.loadgen.source.SyntheticLogLines;
import io.fluxtap.tools.loadgen.source.SyntheticMetrics;
import io.fluxtap.tools.loadgen.source.SyntheticTraces;
import io.fluxtap.tools.loadgen.transport.OtlpGrpcTransport;
import io.fluxtap.tools.loadgen.transport.OtlpHttpTransport;
import io.fluxtap.tools.loadgen.transport.OtlpLogsResponses;
import io.fluxtap.tools.loadgen.transport.OtlpMetricsResponses;
import io.fluxtap.tools.loadgen.transport.OtlpTracesResponses;
import io.fluxtap.tools.loadgen.transport.RemoteWriteTransport;
import io.fluxtap.tools.loadgen.transport.ResponseReader;
import io.fluxtap.tools.loadgen.transport.Transport;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code fluxtap loadgen}: sends OTLP logs, traces or metrics (over HTTP or gRPC), or Prometheus remote_write, at a target rate or flat out and reports what the server made
 * of them. Progress goes to stderr, the summary to stdout (and optionally to a JSON file).
 * Exit status: 0 when it ran, 1 when no request succeeded (or the JSON report could not be written),
 * 2 for a command line it cannot run.
 */
public final class LoadGen {

    static final int EXIT_RAN = 0;
    static final int EXIT_NOTHING_SUCCEEDED = 1;
    static final int EXIT_BAD_OPTIONS = 2;

    /** Fixed, so that two runs with the same options send the same synthetic lines. */
    private static final long SYNTHETIC_SEED = 4318;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** Longer than the default request timeout, so Ctrl-C still gets the summary of in-flight requests. */
    private static final long STOP_WAIT_SECONDS = 15;

    private final PrintStream out;
    private final PrintStream err;
    private final Duration progressEvery;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile LoadRun current;

    LoadGen(PrintStream out, PrintStream err, Duration progressEvery) {
        this.out = out;
        this.err = err;
        this.progressEvery = progressEvery;
    }

    public static void main(String[] args) {
        LoadGen loadGen = new LoadGen(System.out, System.err, PROGRESS_EVERY);
        Runtime.getRuntime().addShutdownHook(new Thread(loadGen::stopAndAwaitSummary, "loadgen-stop"));
        System.exit(loadGen.run(args));
    }

    /** Runs one command line and returns the exit status. */
    int run(String... args) {
        try {
            return execute(List.of(args));
        } finally {
            out.flush();
            err.flush();
            finished.countDown();
        }
    }

    /** On Ctrl-C: stop sending and let the summary of what was sent be printed before the JVM goes. */
    private void stopAndAwaitSummary() {
        LoadRun run = current;
        if (run == null) {
            return;
        }
        run.stop();
        try {
            finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int execute(List<String> args) {
        if (Options.wantsHelp(args)) {
            out.print(Options.usage());
            return EXIT_RAN;
        }
        Options options;
        PayloadSource source;
        try {
            options = Options.parse(args);
            source = source(options);
        } catch (OptionsException | IllegalArgumentException e) {
            return badOptions(e.getMessage());
        } catch (IOException e) {
            return badOptions("cannot read the dataset: " + e);
        }
        RunStats stats = new RunStats();
        Summary summary;
        try (Transport transport = transport(options)) {
            Summary.Run description = new Summary.Run(transport.target(), source.description(),
                    options.mode() == Mode.REMOTE_WRITE ? "snappy protobuf"
                            : options.encoding().name().toLowerCase(Locale.ROOT), options.gzip(), options.connections(),
                    options.batch(), options.rate());
            err.println("loadgen: sending " + source.description() + " to " + transport.target() + " "
                    + limits(options));
            LoadRun run = new LoadRun(options, source, transport, stats);
            current = run;
            long start = System.nanoTime();
            try (ProgressReporter progress = ProgressReporter.start(stats, err, progressEvery, start)) {
                run.execute(start);
            }
            summary = stats.summary(description, run.elapsedNanos(), run.behindSchedule());
        }
        out.print(summary.toText());
        if (options.reportJson() != null) {
            try {
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(options.reportJson().toFile(), summary);
            } catch (IOException e) {
                err.println("loadgen: cannot write " + options.reportJson() + ": " + e.getMessage());
                return EXIT_NOTHING_SUCCEEDED;
            }
        }
        return summary.requests().succeeded() > 0 ? EXIT_RAN : EXIT_NOTHING_SUCCEEDED;
    }

    private static PayloadSource source(Options options) throws IOException {
        if (options.mode() == Mode.REMOTE_WRITE) {
            return new RemoteWriteSeries(options.series(), options.connections(), options.service(),
                    options.attributes(), Clock.systemUTC());
        }
        return switch (options.signal()) {
            case LOGS -> {
                LogLines lines = options.dataset() != null
                        ? LoghubDataset.load(options.dataset())
                        : new SyntheticLogLines(options.service(), options.level(), SYNTHETIC_SEED);
                yield new LogPayloadPool(lines, new OtlpLogsEncoder(options.encoding(), options.attributes()),
                        options.batch(), Clock.systemUTC());
            }
            case TRACES -> new SyntheticTraces(options.service(), options.attributes(), Clock.systemUTC(),
                    SYNTHETIC_SEED);
            case METRICS -> new SyntheticMetrics(options.service(), options.attributes(), Clock.systemUTC());
        };
    }

    private static Transport transport(Options options) {
        if (options.mode() == Mode.REMOTE_WRITE) {
            return new RemoteWriteTransport(options.exportUri(), options.timeout());
        }
        return switch (options.protocol()) {
            case HTTP -> new OtlpHttpTransport(options.exportUri(), options.gzip(), options.timeout(),
                    responses(options));
            case GRPC -> new OtlpGrpcTransport(options.exportUri().getHost(), options.exportUri().getPort(),
                    grpcMethod(options), options.connections(), options.gzip(), options.timeout(), responses(options));
        };
    }

    private static String grpcMethod(Options options) {
        return switch (options.signal()) {
            case LOGS -> LogsServiceGrpc.getExportMethod().getFullMethodName();
            case TRACES -> TraceServiceGrpc.getExportMethod().getFullMethodName();
            case METRICS -> MetricsServiceGrpc.getExportMethod().getFullMethodName();
        };
    }

    private static ResponseReader responses(Options options) {
        return switch (options.signal()) {
            case LOGS -> new OtlpLogsResponses();
            case TRACES -> new OtlpTracesResponses();
            case METRICS -> new OtlpMetricsResponses();
        };
    }

    private static String limits(Options options) {
        String until = options.duration() == null ? "until " + options.records() + " records are sent"
                : options.records() > 0 ? "for " + options.duration().toMillis() / 1000.0 + " s or "
                        + options.records() + " records"
                : "for " + options.duration().toMillis() / 1000.0 + " s";
        String pace = options.rate() > 0 ? "at " + options.rate() + " records/s" : "flat out";
        return until + ", " + pace + ", " + options.connections() + " connection"
                + (options.connections() == 1 ? "" : "s") + ", batch " + options.batch();
    }

    private int badOptions(String message) {
        err.println("loadgen: " + message);
        err.println("usage: fluxtap loadgen [options]   (fluxtap loadgen --help lists them)");
        return EXIT_BAD_OPTIONS;
    }
}
