package io.fluxtap.storage.promql.eval.functions;

import io.fluxtap.storage.promql.eval.Annotations;
import io.fluxtap.storage.promql.eval.Evaluator;
import io.fluxtap.storage.promql.eval.Sample;
import io.fluxtap.storage.promql.eval.Value;
import io.fluxtap.storage.promql.eval.Window;
import io.fluxtap.storage.promql.parse.Expr;

import java.util.List;

/** One function call at one instant: the call's syntax, its evaluated arguments and the evaluation time. */
public record FunctionCall(Expr.Call node, List<Value> args, long timeMs, Evaluator evaluator) {

    List<Sample> vector(int i) {
        return ((Value.Vector) args.get(i)).samples();
    }

    List<Window> matrix(int i) {
        return ((Value.Matrix) args.get(i)).windows();
    }

    double scalar(int i) {
        return ((Value.Scalar) args.get(i)).value();
    }

    String string(int i) {
        return ((Value.Str) args.get(i)).value();
    }

    Annotations annotations() {
        return evaluator.annotations();
    }

    Expr arg(int i) {
        return node.args().get(i);
    }
}
