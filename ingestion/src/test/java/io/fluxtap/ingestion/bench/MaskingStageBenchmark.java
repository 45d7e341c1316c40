package io.fluxtap.ingestion.bench;

import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.policy.mask.MaskSettings;
import io.fluxtap.ingestion.policy.mask.MaskingStage;
import io.fluxtap.ingestion.policy.mask.MaskingStages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Log records per second through the masking stage alone, one thread: the loghub samples as they are (no card
 * numbers: the cost of the scan over clean text) and with a card number in every tenth body, with masking off,
 * truncating and tokenizing. A request of 200 records per invocation, as the receivers hand them on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingStageBenchmark {

    private static final int REQUEST = 200;

    @Param({"off", "truncate", "token"})
    String mask;

    @Param({"loghub", "loghub-with-cards"})
    String data;

    private MaskingStage stage;
    private List<List<LogRecord>> requests;
    private int next;

    @Setup
    public void setUp() {
        List<LogRecord> records = new ArrayList<>(LoghubRecords.load());
        if (data.equals("loghub-with-cards")) {
            for (int i = 0; i < records.size(); i += 10) {
                LogRecord r = records.get(i);
                records.set(i, new LogRecord(r.timestamp(), r.observedTimestamp(), r.traceId(), r.spanId(),
                        r.fluxId(), r.machineId(), r.entityName(), r.gearId(), r.level(), r.severityNumber(),
                        r.body() + " card 4111 1111 1111 1111", r.attributes(), r.resource()));
            }
        }
        requests = new ArrayList<>();
        for (int i = 0; i + REQUEST <= records.size(); i += REQUEST) {
            requests.add(List.copyOf(records.subList(i, i + REQUEST)));
        }
        stage = MaskingStages.withoutMetrics(MaskSettings.read(!mask.equals("off"),
                mask.equals("token") ? "token" : "truncate", Optional.of("benchmark-key-0123456789"),
                Optional.empty(), Optional.empty(), null));
    }

    @Benchmark
    @OperationsPerInvocation(REQUEST)
    public List<LogRecord> maskRequest() {
        List<LogRecord> request = requests.get(next);
        next = next + 1 == requests.size() ? 0 : next + 1;
        return stage.onLogs(request);
    }
}
