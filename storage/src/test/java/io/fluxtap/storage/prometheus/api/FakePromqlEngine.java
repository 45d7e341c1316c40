package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.PromqlEngine;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.series.LabelMatcher;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine seam's test double: answers the queries a test registers, records the calls it gets, and reads
 * the simple selectors tests use ({@code name}, {@code name{a="b",c=~"d"}}, {@code {a!="b"}}). An enabled
 * alternative, so it replaces the real engine's producer in the tests that add it.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class FakePromqlEngine implements PromqlEngine {

    /** A query that only ends when its thread is interrupted (or after a minute), for time-limit tests. */
    static final String BLOCKING = "blocking_query";

    record Call(String query, long startMs, long endMs, long stepMs) {
    }

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?(?:\\{(.*)})?");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"\\s*");

    private final Map<String, Evaluation> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    void answer(String query, QueryResult result, List<String> warnings, List<String> infos) {
        answers.put(query, new Evaluation(result, warnings, infos));
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized void forgetCalls() {
        calls.clear();
    }

    @Override
    public Evaluation instant(String query, long timeMs) {
        return answerFor(new Call(query, timeMs, timeMs, 0));
    }

    @Override
    public Evaluation range(String query, long startMs, long endMs, long stepMs) {
        return answerFor(new Call(query, startMs, endMs, stepMs));
    }

    private Evaluation answerFor(Call call) {
        synchronized (this) {
            calls.add(call);
        }
        if (call.query().equals(BLOCKING)) {
            try {
                new CountDownLatch(1).await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                throw new PromqlException(PromqlException.ErrorType.CANCELED, "interrupted");
            }
        }
        if (call.query().equals("1+1")) {
            return new Evaluation(new QueryResult.Scalar(call.endMs(), 2), List.of(), List.of());
        }
        Evaluation answer = answers.get(call.query());
        if (answer == null) {
            throw new PromqlException(PromqlException.ErrorType.BAD_DATA, "1:1: parse error: unexpected identifier");
        }
        return answer;
    }

    @Override
    public List<LabelMatcher> parseSeriesSelector(String selector) {
        Matcher whole = SELECTOR.matcher(selector.trim());
        if (selector.isBlank() || !whole.matches()) {
            throw new PromqlException(PromqlException.ErrorType.BAD_DATA, "1:1: parse error: not a selector");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        if (whole.group(1) != null) {
            matchers.add(new LabelMatcher(LabelMatcher.METRIC_NAME, LabelMatcher.Type.EQUAL, whole.group(1)));
        }
        if (whole.group(2) != null && !whole.group(2).isBlank()) {
            for (String part : whole.group(2).split(",")) {
                Matcher m = MATCHER.matcher(part);
                if (!m.matches()) {
                    throw new PromqlException(PromqlException.ErrorType.BAD_DATA, "1:1: parse error: bad matcher " + part);
                }
                LabelMatcher.Type type = switch (m.group(2)) {
                    case "=" -> LabelMatcher.Type.EQUAL;
                    case "!=" -> LabelMatcher.Type.NOT_EQUAL;
                    case "=~" -> LabelMatcher.Type.REGEX;
                    default -> LabelMatcher.Type.NOT_REGEX;
                };
                matchers.add(new LabelMatcher(m.group(1), type, m.group(3)));
            }
        }
        return matchers;
    }
}
