package io.fluxtap.storage.promql.eval;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.eval.Value.Scalar;
import io.fluxtap.storage.promql.eval.Value.Str;
import io.fluxtap.storage.promql.eval.Value.Vector;
import io.fluxtap.storage.promql.parse.AggregateOp;
import io.fluxtap.storage.promql.parse.Expr.Aggregate;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The aggregation operators, grouping with {@code by}/{@code without}; groups come out in order of first sample. */
final class Aggregations {

    private Aggregations() {
    }

    /** {@code keys} remembers each input label set's group (shared across the steps of a query). */
    static Value apply(Aggregate node, Value param, List<Sample> input, Annotations annotations, GroupKeys keys) {
        AggregateOp op = node.op();
        if (op == AggregateOp.COUNT_VALUES) {
            String label = ((Str) param).value();
            if (!isValidLabelName(label)) {
                throw new PromqlException(PromqlException.ErrorType.EXECUTION, "invalid label name \"" + label + "\"");
            }
            List<Sample> relabelled = new ArrayList<>(input.size());
            for (Sample s : input) {
                relabelled.add(new Sample(s.labels().with(label, Stats.formatFloat(s.value())), 1, s.dropName()));
            }
            List<String> grouping = node.grouping();
            if (!node.without()) {
                grouping = new ArrayList<>(grouping);
                grouping.add(label);
            }
            return aggregate(AggregateOp.COUNT, grouping, node.without(), relabelled, 0, new GroupKeys());
        }
        double p = param instanceof Scalar s ? s.value() : 0;
        if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) {
            if (Double.isNaN(p)) {
                throw new PromqlException(PromqlException.ErrorType.EXECUTION, "Parameter value is NaN");
            }
            return topK(node, p, input);
        }
        if (op == AggregateOp.QUANTILE && (Double.isNaN(p) || p < 0 || p > 1)) {
            annotations.warn("quantile value should be between 0 and 1, got " + Stats.formatFloat(p), node.param().pos());
        }
        if (op == AggregateOp.LIMITK || op == AggregateOp.LIMIT_RATIO) {
            throw new PromqlException(PromqlException.ErrorType.EXECUTION, op.keyword() + " is not supported");
        }
        return aggregate(op, node.grouping(), node.without(), input, p, keys);
    }

    private static boolean isValidLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static Labels groupKey(Labels labels, List<String> grouping, boolean without) {
        if (without) {
            Set<String> drop = new HashSet<>(grouping);
            drop.add(LabelMatcher.METRIC_NAME);
            return labels.without(drop);
        }
        return labels.only(grouping);
    }

    /**
     * The groups of one aggregation node, numbered densely in order of first appearance. A range query meets the
     * same series (the same Labels instance) at every step, so each input's group is found by identity: its key is
     * computed and hashed once per query, not once per sample.
     */
    static final class GroupKeys {
        /** Inputs that are new label sets at every step (e.g. from label_replace) must not pile up without end. */
        private static final int MAX_REMEMBERED_INPUTS = 1 << 20;

        private final Map<Labels, Integer> byInput = new IdentityHashMap<>();
        private final Map<Labels, Integer> indexOfKey = new HashMap<>();
        private final List<Labels> keys = new ArrayList<>();

        int indexOf(Labels input, List<String> grouping, boolean without) {
            Integer index = byInput.get(input);
            if (index == null) {
                Labels key = groupKey(input, grouping, without);
                index = indexOfKey.get(key);
                if (index == null) {
                    index = keys.size();
                    keys.add(key);
                    indexOfKey.put(key, index);
                }
                if (byInput.size() >= MAX_REMEMBERED_INPUTS) {
                    byInput.clear();
                }
                byInput.put(input, index);
            }
            return index;
        }

        Labels key(int index) {
            return keys.get(index);
        }

        int size() {
            return keys.size();
        }
    }

    /** One group's running state; only the fields its operator needs are used. */
    private static final class Group {
        final Labels labels;
        boolean dropName;
        double value;
        final double[] c = new double[1];
        int count;
        Stats.Mean mean;
        Stats.Variance variance;
        double[] values;

        Group(Labels labels) {
            this.labels = labels;
        }
    }

    private static Value aggregate(AggregateOp op, List<String> grouping, boolean without, List<Sample> input,
                                   double param, GroupKeys keys) {
        Group[] byIndex = new Group[Math.max(keys.size(), 1)];
        List<Group> groups = new ArrayList<>();
        for (Sample s : input) {
            int index = keys.indexOf(s.labels(), grouping, without);
            if (index >= byIndex.length) {
                byIndex = java.util.Arrays.copyOf(byIndex, Math.max(index + 1, byIndex.length * 2));
            }
            Group g = byIndex[index];
            boolean first = g == null;
            if (first) {
                g = new Group(keys.key(index));
                g.dropName = s.dropName();
                byIndex[index] = g;
                groups.add(g);
            } else {
                g.dropName |= s.dropName();
            }
            double v = s.value();
            g.count++;
            switch (op) {
                case SUM -> g.value = Stats.kahanAdd(v, g.value, g.c);
                case AVG -> {
                    if (first) {
                        g.mean = new Stats.Mean();
                    }
                    g.mean.add(v);
                }
                case MIN -> {
                    if (first || g.value > v || Double.isNaN(g.value)) {
                        g.value = v;
                    }
                }
                case MAX -> {
                    if (first || g.value < v || Double.isNaN(g.value)) {
                        g.value = v;
                    }
                }
                case STDDEV, STDVAR -> {
                    if (first) {
                        g.variance = new Stats.Variance();
                    }
                    g.variance.add(v);
                }
                case QUANTILE -> {
                    if (first) {
                        g.values = new double[4];
                    } else if (g.count > g.values.length) {
                        g.values = java.util.Arrays.copyOf(g.values, g.values.length * 2);
                    }
                    g.values[g.count - 1] = v;
                }
                default -> { }
            }
        }
        List<Sample> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            double v = switch (op) {
                case SUM -> g.value + g.c[0];
                case AVG -> g.mean.result();
                case MIN, MAX -> g.value;
                case COUNT -> g.count;
                case GROUP -> 1;
                case STDVAR -> g.variance.variance();
                case STDDEV -> Math.sqrt(g.variance.variance());
                case QUANTILE -> Stats.quantile(param, g.values, g.count);
                default -> throw new IllegalStateException(op.toString());
            };
            out.add(new Sample(g.labels, v, g.dropName));
        }
        return new Vector(out);
    }

    private static Value topK(Aggregate node, double param, List<Sample> input) {
        boolean top = node.op() == AggregateOp.TOPK;
        long k = param >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) param;
        if (k < 1) {
            return new Vector(List.of());
        }
        Map<Labels, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : input) {
            groups.computeIfAbsent(groupKey(s.labels(), node.grouping(), node.without()), g -> new ArrayList<>()).add(s);
        }
        // NaN sorts last for both topk and bottomk; the sort is stable, so equal values keep input order.
        Comparator<Sample> byValue = (a, b) -> {
            boolean an = Double.isNaN(a.value());
            boolean bn = Double.isNaN(b.value());
            if (an || bn) {
                return Boolean.compare(an, bn);
            }
            return top ? Double.compare(b.value(), a.value()) : Double.compare(a.value(), b.value());
        };
        List<Sample> out = new ArrayList<>();
        for (List<Sample> group : groups.values()) {
            group.sort(byValue);
            out.addAll(group.subList(0, (int) Math.min(k, group.size())));
        }
        return new Vector(out);
    }
}
