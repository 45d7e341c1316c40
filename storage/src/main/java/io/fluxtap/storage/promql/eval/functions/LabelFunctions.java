package io.fluxtap.storage.promql.eval.functions;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.eval.Sample;
import io.fluxtap.storage.promql.eval.Value;
import io.fluxtap.storage.promql.parse.Regexes;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** label_replace, label_join and the sort functions. */
final class LabelFunctions {

    private LabelFunctions() {
    }

    static void register(Map<String, FunctionImpl> into) {
        into.put("label_replace", LabelFunctions::labelReplace);
        into.put("label_join", LabelFunctions::labelJoin);
        into.put("sort", call -> sorted(call, byValue(false)));
        into.put("sort_desc", call -> sorted(call, byValue(true)));
        into.put("sort_by_label", call -> sorted(call, byLabels(call, false)));
        into.put("sort_by_label_desc", call -> sorted(call, byLabels(call, true)));
    }

    private static PromqlException error(String message) {
        return new PromqlException(PromqlException.ErrorType.EXECUTION, message);
    }

    private static boolean validLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static Value labelReplace(FunctionCall call) {
        String dst = call.string(1);
        String replacement = call.string(2);
        String src = call.string(3);
        Pattern regex;
        try {
            regex = Regexes.anchored(call.string(4));
        } catch (PatternSyntaxException e) {
            throw error("invalid regular expression in label_replace(): " + call.string(4));
        }
        if (!validLabelName(dst)) {
            throw error("invalid destination label name in label_replace(): " + dst);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : call.vector(0)) {
            Matcher m = regex.matcher(s.labels().get(src));
            if (!m.matches()) {
                out.add(s);
                continue;
            }
            String value = expand(replacement, m);
            boolean keepName = dst.equals(LabelMatcher.METRIC_NAME) ? false : s.dropName();
            out.add(new Sample(s.labels().with(dst, value), s.value(), keepName));
        }
        return new Value.Vector(out);
    }

    /** Go's regexp Expand: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}; unknown groups are empty. */
    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                name = template.substring(i + 1, j);
                end = j;
            }
            if (name.isEmpty()) {
                out.append(c);
                i++;
                continue;
            }
            out.append(group(m, name));
            i = end;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        String g = null;
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                int idx = Integer.parseInt(name);
                if (idx <= m.groupCount()) {
                    g = m.group(idx);
                }
            } catch (NumberFormatException e) {
                return "";
            }
        } else {
            try {
                g = m.group(name);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return g == null ? "" : g;
    }

    private static Value labelJoin(FunctionCall call) {
        String dst = call.string(1);
        String separator = call.string(2);
        List<String> sources = new ArrayList<>();
        for (int i = 3; i < call.args().size(); i++) {
            sources.add(call.string(i));
        }
        if (!validLabelName(dst)) {
            throw error("invalid destination label name in label_join(): " + dst);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : call.vector(0)) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < sources.size(); i++) {
                if (i > 0) {
                    joined.append(separator);
                }
                joined.append(s.labels().get(sources.get(i)));
            }
            boolean dropName = dst.equals(LabelMatcher.METRIC_NAME) ? false : s.dropName();
            out.add(new Sample(s.labels().with(dst, joined.toString()), s.value(), dropName));
        }
        return new Value.Vector(out);
    }

    private static Value sorted(FunctionCall call, Comparator<Sample> order) {
        if (call.evaluator().isRangeQuery()) {
            call.annotations().warn("sort is ineffective for range queries since results are always ordered by labels",
                    call.node().pos());
        }
        List<Sample> out = new ArrayList<>(call.vector(0));
        out.sort(order);
        return new Value.Vector(out);
    }

    /** NaN last in both directions. */
    private static Comparator<Sample> byValue(boolean descending) {
        return (a, b) -> {
            boolean an = Double.isNaN(a.value());
            boolean bn = Double.isNaN(b.value());
            if (an || bn) {
                return Boolean.compare(an, bn);
            }
            return descending ? Double.compare(b.value(), a.value()) : Double.compare(a.value(), b.value());
        };
    }

    private static Comparator<Sample> byLabels(FunctionCall call, boolean descending) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < call.args().size(); i++) {
            names.add(call.string(i));
        }
        Comparator<Sample> c = (a, b) -> {
            for (String name : names) {
                int r = NaturalOrder.compare(a.labels().get(name), b.labels().get(name));
                if (r != 0) {
                    return r;
                }
            }
            return a.labels().compareTo(b.labels());
        };
        return descending ? c.reversed() : c;
    }
}
