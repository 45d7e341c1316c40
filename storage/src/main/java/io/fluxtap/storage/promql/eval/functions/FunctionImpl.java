package io.fluxtap.storage.promql.eval.functions;

import io.fluxtap.storage.promql.eval.Value;

/** The evaluation of one PromQL function at one instant. */
@FunctionalInterface
public interface FunctionImpl {
    Value apply(FunctionCall call);
}
