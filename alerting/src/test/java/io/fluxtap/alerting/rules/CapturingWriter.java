package io.fluxtap.alerting.rules;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;

import java.util.ArrayList;
import java.util.List;

/** A RecordSink writer that keeps what it is given (and can be told to fail). */
final class CapturingWriter implements RecordSink.Writer {

    final List<MetricSample> samples = new ArrayList<>();
    RuntimeException failure;
    int writes;

    @Override
    public void write(RecordBatch batch) {
        if (failure != null) {
            throw failure;
        }
        samples.addAll(batch.metrics());
        writes++;
    }

    List<MetricSample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    void clear() {
        samples.clear();
    }

    @Override
    public void close() {
    }
}
