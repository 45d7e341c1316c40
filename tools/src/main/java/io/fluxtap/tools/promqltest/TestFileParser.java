package io.fluxtap.tools.promqltest;

import io.fluxtap.storage.promql.parse.Durations;
import io.fluxtap.tools.promqltest.TestCommand.Eval;
import io.fluxtap.tools.promqltest.TestCommand.ExpectedAnnotation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Prometheus' test-file format (promql/promqltest) into commands. */
final class TestFileParser {

    private static final Pattern INSTANT = Pattern.compile("(?i)^(eval(?:_fail|_ordered|_warn|_info)?)\\s+instant\\s+at\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE = Pattern.compile(
            "(?i)^(eval(?:_fail|_ordered|_warn|_info)?)\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE_VECTOR = Pattern.compile("^range vector from (\\S+) to (\\S+) step (\\S+)$");

    private TestFileParser() {
    }

    static List<TestCommand> parse(List<String> rawLines) {
        List<String> lines = new ArrayList<>(rawLines.size());
        for (String raw : rawLines) {
            String t = raw.trim();
            lines.add(t.startsWith("#") ? "" : t);
        }
        List<TestCommand> commands = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).isEmpty()) {
                end++;
            }
            List<String> body = lines.subList(i + 1, end);
            String word = line.split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (word.equals("clear")) {
                commands.add(new TestCommand.Clear(i + 1));
                end = i + 1;
            } else if (word.startsWith("load")) {
                commands.add(load(i + 1, line, body));
            } else if (word.startsWith("eval")) {
                commands.add(eval(i + 1, line, body));
            } else {
                throw new IllegalArgumentException("line " + (i + 1) + ": unknown command " + word);
            }
            i = end;
        }
        return commands;
    }

    static long time(String text) {
        if (text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return Math.round(Double.parseDouble(text) * 1000);
        }
        return Durations.parse(text);
    }

    private static TestCommand load(int line, String header, List<String> body) {
        String[] parts = header.split("\\s+");
        List<SeriesLine> series = new ArrayList<>();
        for (String s : body) {
            series.add(SeriesLine.parse(s));
        }
        return new TestCommand.Load(line, time(parts[1]), parts[0].equalsIgnoreCase("load_with_nhcb"), series);
    }

    private static Eval eval(int line, String header, List<String> body) {
        Matcher instant = INSTANT.matcher(header);
        Matcher range = RANGE.matcher(header);
        String kind;
        String expr;
        boolean isRange;
        long start;
        long end;
        long step;
        if (instant.matches()) {
            kind = instant.group(1).toLowerCase(Locale.ROOT);
            start = end = time(instant.group(2));
            step = 0;
            expr = instant.group(3);
            isRange = false;
        } else if (range.matches()) {
            kind = range.group(1).toLowerCase(Locale.ROOT);
            start = time(range.group(2));
            end = time(range.group(3));
            step = time(range.group(4));
            expr = range.group(5);
            isRange = true;
        } else {
            throw new IllegalArgumentException("line " + line + ": cannot read eval command: " + header);
        }
        boolean fail = kind.equals("eval_fail");
        boolean ordered = kind.equals("eval_ordered");
        String failMsg = null;
        String failRegex = null;
        List<ExpectedAnnotation> warnings = new ArrayList<>();
        List<ExpectedAnnotation> infos = new ArrayList<>();
        boolean noWarn = false;
        boolean noInfo = false;
        if (kind.equals("eval_warn")) {
            warnings.add(new ExpectedAnnotation(null, null));
        }
        if (kind.equals("eval_info")) {
            infos.add(new ExpectedAnnotation(null, null));
        }
        Double scalar = null;
        String string = null;
        TestCommand.RangeVector rangeVector = null;
        List<SeriesLine> series = new ArrayList<>();
        boolean histogramOutput = false;
        for (String b : body) {
            if (b.startsWith("expect ")) {
                String rest = b.substring(7).trim();
                String what = rest.split("\\s+")[0];
                String arg = rest.substring(what.length()).trim();
                ExpectedAnnotation annotation = annotation(arg);
                switch (what) {
                    case "fail" -> {
                        fail = true;
                        failMsg = annotation.msg();
                        failRegex = annotation.regex();
                    }
                    case "warn" -> warnings.add(annotation);
                    case "info" -> infos.add(annotation);
                    case "no_warn" -> noWarn = true;
                    case "no_info" -> noInfo = true;
                    case "ordered" -> ordered = true;
                    case "string" -> string = unquote(arg);
                    case "range" -> {
                        Matcher m = RANGE_VECTOR.matcher(rest);
                        if (!m.matches()) {
                            throw new IllegalArgumentException("line " + line + ": cannot read " + b);
                        }
                        rangeVector = new TestCommand.RangeVector(time(m.group(1)), time(m.group(2)), time(m.group(3)));
                    }
                    default -> throw new IllegalArgumentException("line " + line + ": unknown expectation " + b);
                }
            } else if (b.contains("{{")) {
                histogramOutput = true;
            } else if (!b.startsWith("{") && SeriesLine.selectorEnd(b) == b.length()) {
                scalar = SeriesLine.number(b);
            } else {
                series.add(SeriesLine.parse(b));
            }
        }
        return new Eval(line, expr, isRange, start, end, step, fail, failMsg, failRegex, ordered, warnings, infos,
                noWarn, noInfo, scalar, string, rangeVector, series, histogramOutput);
    }

    private static ExpectedAnnotation annotation(String arg) {
        if (arg.startsWith("msg:")) {
            return new ExpectedAnnotation(arg.substring(4).trim(), null);
        }
        if (arg.startsWith("regex:")) {
            return new ExpectedAnnotation(null, arg.substring(6).trim());
        }
        return new ExpectedAnnotation(null, null);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '`') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
