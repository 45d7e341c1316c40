package io.fluxtap.ui.testing;

import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log store double that answers {@link LogSearch} the way the {@link LogQuery} contract describes. */
public final class InMemoryLogQuery implements LogQuery {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public InMemoryLogQuery(List<LogRecord> initial) {
        records.addAll(initial);
    }

    public void add(LogRecord record) {
        records.add(record);
    }

    @Override
    public List<LogRecord> search(LogSearch search) {
        return records.stream()
                .filter(r -> search.entityName() == null || search.entityName().equals(r.entityName()))
                .filter(r -> search.levels().isEmpty() || search.levels().contains(r.level()))
                .filter(r -> search.contains() == null || r.body().toLowerCase(Locale.ROOT)
                        .contains(search.contains().toLowerCase(Locale.ROOT)))
                .filter(r -> search.from() == null || !r.timestamp().isBefore(search.from()))
                .filter(r -> search.to() == null || r.timestamp().isBefore(search.to()))
                .sorted(Comparator.comparing(LogRecord::timestamp).reversed())
                .limit(search.limit())
                .toList();
    }

    @Override
    public List<String> entityNames() {
        return records.stream().map(LogRecord::entityName).filter(Objects::nonNull).distinct().sorted().toList();
    }
}
