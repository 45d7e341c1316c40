package io.fluxtap.storage.promql.eval;

import java.util.List;

/** What evaluating an expression at one instant gives. */
public sealed interface Value {

    record Scalar(double value) implements Value {}

    record Str(String value) implements Value {}

    record Vector(List<Sample> samples) implements Value {}

    record Matrix(List<Window> windows) implements Value {}
}
