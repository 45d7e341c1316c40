package io.fluxtap.ingestion.policy.level;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.Signal;
import io.fluxtap.api.levels.LevelOverride;
import io.fluxtap.ingestion.policy.IngestPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The level filter stage: drops log records below their service's level (its override, else
 * {@code fluxtap.levels.default}) and, under a TRACE/DEBUG override, the verbose records over the service's rate
 * guard. Records without a severity count as INFO (as the lanes read them); audit records ({@code audit=true}) are
 * never filtered. Spans, metrics and business messages carry no level and pass unchanged.
 */
@ApplicationScoped
public class LevelFilter implements IngestPolicy {

    /** Where the stage counts what it drops. */
    @FunctionalInterface
    public interface Counter {
        void filtered(Signal signal, String service, String reason, long records);
    }

    private LevelBook book;
    private VerboseRateGuard guard;
    private Counter counter;

    /** For CDI's proxy. */
    LevelFilter() {
    }

    @Inject
    public LevelFilter(LevelService levels, LevelMetrics metrics) {
        this(levels.book(), levels.guard(), metrics::filtered);
    }

    LevelFilter(LevelBook book, VerboseRateGuard guard, Counter counter) {
        this.book = book;
        this.guard = guard;
        this.counter = counter;
    }

    @Override
    public int order() {
        return ORDER_LEVEL_FILTER;
    }

    @Override
    public List<LogRecord> onLogs(List<LogRecord> logs) {
        if (book.noOverrides() && book.settings().defaultLevel() == Level.TRACE) {
            return logs;
        }
        Map<String, Gate> gates = new HashMap<>();
        List<LogRecord> kept = new ArrayList<>(logs.size());
        for (LogRecord record : logs) {
            if (isAudit(record)) {
                kept.add(record);
                continue;
            }
            String service = record.entityName() == null ? "" : record.entityName();
            Gate gate = gates.computeIfAbsent(service, this::gate);
            Level level = record.level() == Level.UNSPECIFIED ? Level.INFO : record.level();
            if (!level.isAtLeast(gate.minimum)) {
                gate.belowLevel++;
            } else if (gate.guarded && !level.isAtLeast(Level.INFO)) {
                gate.verbose.add(record);
                kept.add(record);
            } else {
                kept.add(record);
            }
        }
        List<LogRecord> overBudget = new ArrayList<>();
        for (Map.Entry<String, Gate> entry : gates.entrySet()) {
            Gate gate = entry.getValue();
            counter.filtered(Signal.LOGS, entry.getKey(), "level", gate.belowLevel);
            if (!gate.verbose.isEmpty()) {
                int granted = guard.admit(entry.getKey(), gate.verbose.size());
                List<LogRecord> refused = gate.verbose.subList(granted, gate.verbose.size());
                counter.filtered(Signal.LOGS, entry.getKey(), "rate", refused.size());
                overBudget.addAll(refused);
            }
        }
        if (!overBudget.isEmpty()) {
            // Identity, not equals: two equal records are two records, and only the refused ones go.
            Set<LogRecord> refused = Collections.newSetFromMap(new IdentityHashMap<>());
            refused.addAll(overBudget);
            kept.removeIf(refused::contains);
        }
        return kept;
    }

    private Gate gate(String service) {
        LevelOverride override = service.isEmpty() ? null : book.override(service);
        return override == null
                ? new Gate(book.settings().defaultLevel(), false)
                : new Gate(override.level(), LevelOverride.isVerbose(override.level()));
    }

    private static boolean isAudit(LogRecord record) {
        Object audit = record.attributes().get("audit");
        return Boolean.TRUE.equals(audit) || (audit instanceof String s && "true".equals(s.toLowerCase(Locale.ROOT)));
    }

    private static final class Gate {
        final Level minimum;
        final boolean guarded;
        final List<LogRecord> verbose = new ArrayList<>();
        long belowLevel;

        Gate(Level minimum, boolean guarded) {
            this.minimum = minimum;
            this.guarded = guarded;
        }
    }
}
