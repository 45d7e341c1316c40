package io.fluxtap.ui.traces;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts a trace's spans in waterfall order: each span after its parent, siblings by start time, with its depth.
 * Iterative (an explicit stack), so a 5,000-deep chain cannot overflow the thread's stack; spans whose parent is
 * not in the trace (not yet arrived, or sampled away) become roots rather than disappearing, and a parent cycle
 * in bad data is cut where it is met.
 */
final class Waterfall {

    private Waterfall() {
    }

    static List<SpanRow> order(List<SpanRow> spans) {
        Map<String, SpanRow> byId = new HashMap<>();
        for (SpanRow span : spans) {
            byId.putIfAbsent(span.spanId(), span);
        }
        Map<String, List<SpanRow>> children = new LinkedHashMap<>();
        List<SpanRow> roots = new ArrayList<>();
        for (SpanRow span : spans) {
            String parent = span.parentSpanId();
            if (parent == null || parent.isEmpty() || !byId.containsKey(parent) || parent.equals(span.spanId())) {
                roots.add(span);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(span);
            }
        }
        Comparator<SpanRow> byStart = Comparator.comparing(SpanRow::start).thenComparing(SpanRow::spanId);
        roots.sort(byStart);
        children.values().forEach(list -> list.sort(byStart));

        List<SpanRow> ordered = new ArrayList<>(spans.size());
        Set<String> placed = new HashSet<>();
        Deque<SpanRow> stack = new ArrayDeque<>();
        for (int r = roots.size() - 1; r >= 0; r--) {
            stack.push(roots.get(r).atDepth(0));
        }
        while (!stack.isEmpty()) {
            SpanRow span = stack.pop();
            if (!placed.add(span.spanId())) {
                continue;
            }
            ordered.add(span);
            List<SpanRow> kids = children.getOrDefault(span.spanId(), List.of());
            for (int k = kids.size() - 1; k >= 0; k--) {
                stack.push(kids.get(k).atDepth(span.depth() + 1));
            }
        }
        // Spans only reachable through a cycle were never pushed from a root: show them flat at the end.
        for (SpanRow span : spans) {
            if (placed.add(span.spanId())) {
                ordered.add(span.atDepth(0));
            }
        }
        return ordered;
    }
}
