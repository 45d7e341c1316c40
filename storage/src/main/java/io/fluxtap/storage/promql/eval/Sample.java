package io.fluxtap.storage.promql.eval;

/**
 * One element of an instant vector. {@code dropName} marks a series whose {@code __name__} goes at the end of the
 * query (Prometheus' delayed name removal: label functions can still read or keep the name until then).
 */
public record Sample(Labels labels, double value, boolean dropName) {
}
