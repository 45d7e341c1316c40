package io.fluxtap.ingestion.scrape.exposition;

import io.fluxtap.api.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text format 0.0.4 ({@code text/plain; version=0.0.4}), with the checks of
 * {@code prometheus/common}'s {@code expfmt} text parser: a second {@code # HELP} or {@code # TYPE} for a name,
 * a {@code # TYPE} after the family's samples, a non-numeric {@code le}/{@code quantile}, a negative histogram
 * bucket or count, an invalid escape in a label value, a missing final newline and invalid UTF-8 are refused.
 * Names follow the legacy rule ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}), as Prometheus 2.42 has it: quoted names are
 * refused. Timestamps are integer milliseconds.
 */
public final class PrometheusTextParser implements ExpositionParser {

    private static final int MAX_LABELS = 1 << 16;

    @Override
    public ParsedPage parse(byte[] body) throws ExpositionParseException {
        return new Run(body).parse();
    }

    private static final class Family {
        final String name;
        String type = "unknown";
        String help = "";
        boolean typeSeen;
        boolean helpSeen;
        boolean hasSamples;

        Family(String name) {
            this.name = name;
        }
    }

    /** One parse: the cursor and what the page said so far. */
    private static final class Run {
        private final byte[] b;
        private final int end;
        private int pos;
        private int line = 1;
        private final Map<String, Family> families = new LinkedHashMap<>();
        private final Map<String, String> names = new HashMap<>();
        private final List<ScrapedSample> samples = new ArrayList<>();
        private final List<Labels.Label> labels = new ArrayList<>();

        Run(byte[] body) {
            this.b = body;
            this.end = body.length;
        }

        ParsedPage parse() throws ExpositionParseException {
            while (true) {
                skipBlanks();
                if (pos >= end) {
                    break;
                }
                if (b[pos] == '\n') {
                    pos++;
                    line++;
                } else if (b[pos] == '#') {
                    comment();
                } else {
                    sample();
                }
            }
            List<MetricFamilyInfo> infos = new ArrayList<>();
            for (Family family : families.values()) {
                if (family.typeSeen || family.helpSeen) {
                    infos.add(new MetricFamilyInfo(family.name, family.type, family.help, ""));
                }
            }
            return new ParsedPage(samples, infos);
        }

        private void comment() throws ExpositionParseException {
            pos++;
            skipBlanks();
            int tokenStart = pos;
            while (pos < end && b[pos] != ' ' && b[pos] != '\t' && b[pos] != '\n') {
                pos++;
            }
            String keyword = Lexing.ascii(b, tokenStart, pos);
            boolean help = keyword.equals("HELP");
            if (!help && !keyword.equals("TYPE")) {
                skipLine();
                return;
            }
            skipBlanks();
            int nameStart = pos;
            int nameEnd = Lexing.metricNameEnd(b, pos, end);
            pos = nameEnd;
            if (nameEnd == nameStart || (pos < end && b[pos] != ' ' && b[pos] != '\t' && b[pos] != '\n')) {
                throw error("invalid metric name in comment");
            }
            Family family = families.computeIfAbsent(name(nameStart, nameEnd), Family::new);
            skipBlanks();
            int textStart = pos;
            while (pos < end && b[pos] != '\n') {
                pos++;
            }
            if (pos >= end) {
                throw error("unexpected end of input stream");
            }
            if (help) {
                if (family.helpSeen) {
                    throw error("second HELP line for metric name \"" + family.name + "\"");
                }
                // Prometheus 2.42 keeps an unknown escape in help as written (its helpReplacer), so do we.
                byte[] text = Lexing.unescape(b, textStart, pos, false, false);
                String decoded = Lexing.utf8(text, 0, text.length);
                if (decoded == null) {
                    throw error("help text is not valid UTF-8");
                }
                family.help = decoded;
                family.helpSeen = true;
            } else {
                int typeEnd = pos;
                while (typeEnd > textStart && (b[typeEnd - 1] == ' ' || b[typeEnd - 1] == '\t')) {
                    typeEnd--;
                }
                if (family.typeSeen || family.hasSamples) {
                    throw error("second TYPE line for metric name \"" + family.name
                            + "\", or TYPE reported after samples");
                }
                family.type = switch (Lexing.ascii(b, textStart, typeEnd)) {
                    case "counter" -> "counter";
                    case "gauge" -> "gauge";
                    case "histogram" -> "histogram";
                    case "summary" -> "summary";
                    case "untyped" -> "unknown";
                    default -> throw error("unknown metric type");
                };
                family.typeSeen = true;
            }
            pos++;
            line++;
        }

        private void sample() throws ExpositionParseException {
            int nameStart = pos;
            int nameEnd = Lexing.metricNameEnd(b, pos, end);
            if (nameEnd == nameStart) {
                throw error("invalid metric name");
            }
            pos = nameEnd;
            String name = name(nameStart, nameEnd);
            labels.clear();
            labels.add(new Labels.Label("__name__", name));
            skipBlanks();
            if (pos < end && b[pos] == '{') {
                pos++;
                labelSet();
                skipBlanks();
            } else if (pos < end && pos == nameEnd && b[pos] != '\n') {
                throw error("invalid metric name");
            }
            int valueStart = pos;
            while (pos < end && b[pos] != ' ' && b[pos] != '\t' && b[pos] != '\n') {
                pos++;
            }
            if (pos >= end) {
                throw error("unexpected end of input stream");
            }
            Double value = Lexing.parseFloat(b, valueStart, pos);
            if (value == null) {
                throw error("expected float as value");
            }
            skipBlanks();
            Long timestamp = null;
            if (pos < end && b[pos] != '\n') {
                int tsStart = pos;
                while (pos < end && b[pos] != ' ' && b[pos] != '\t' && b[pos] != '\n') {
                    pos++;
                }
                if (!Lexing.isInteger(b, tsStart, pos)) {
                    throw error("expected integer as timestamp");
                }
                try {
                    timestamp = Long.parseLong(Lexing.ascii(b, tsStart, pos));
                } catch (NumberFormatException e) {
                    throw error("expected integer as timestamp");
                }
                skipBlanks();
                if (pos < end && b[pos] != '\n') {
                    throw error("spurious string after timestamp");
                }
            }
            if (pos >= end) {
                throw error("unexpected end of input stream");
            }
            check(name, value);
            samples.add(new ScrapedSample(new Labels(new ArrayList<>(labels)), value, timestamp, null));
            pos++;
            line++;
        }

        /** expfmt's per-type checks, and what makes a family "have samples" for the TYPE rule. */
        private void check(String name, double value) throws ExpositionParseException {
            Family family = families.get(name);
            String suffix = "";
            if (family == null) {
                for (String s : new String[] {"_bucket", "_count", "_sum"}) {
                    if (name.endsWith(s)) {
                        Family base = families.get(name.substring(0, name.length() - s.length()));
                        if (base != null && (base.type.equals("histogram")
                                || (base.type.equals("summary") && !s.equals("_bucket")))) {
                            family = base;
                            suffix = s;
                        }
                        break;
                    }
                }
            }
            if (family == null) {
                family = new Family(name);
                families.put(name, family);
            }
            family.hasSamples = true;
            if (family.type.equals("histogram")) {
                if (suffix.equals("_bucket")) {
                    String le = label("le");
                    if (le == null || Lexing.parseFloat(le.getBytes(), 0, le.length()) == null) {
                        throw error("expected float as value for 'le' label");
                    }
                    if (value < 0) {
                        throw error("negative bucket population for histogram \"" + family.name + "\"");
                    }
                } else if (suffix.equals("_count") && value < 0) {
                    throw error("negative count for histogram \"" + family.name + "\"");
                }
            } else if (family.type.equals("summary") && suffix.isEmpty()) {
                String quantile = label("quantile");
                if (quantile == null || Lexing.parseFloat(quantile.getBytes(), 0, quantile.length()) == null) {
                    throw error("expected float as value for 'quantile' label");
                }
            }
        }

        private String label(String name) {
            for (Labels.Label label : labels) {
                if (label.name().equals(name)) {
                    return label.value();
                }
            }
            return null;
        }

        private void labelSet() throws ExpositionParseException {
            while (true) {
                skipBlanks();
                if (pos < end && b[pos] == '}') {
                    pos++;
                    return;
                }
                int nameStart = pos;
                int nameEnd = Lexing.labelNameEnd(b, pos, end);
                if (nameEnd == nameStart) {
                    throw error("invalid label name for metric");
                }
                pos = nameEnd;
                String labelName = name(nameStart, nameEnd);
                if (labelName.equals("__name__")) {
                    throw error("label name \"__name__\" is reserved");
                }
                skipBlanks();
                if (pos >= end || b[pos] != '=') {
                    throw error("expected '=' after label name");
                }
                pos++;
                skipBlanks();
                if (pos >= end || b[pos] != '"') {
                    throw error("expected '\"' at start of label value");
                }
                pos++;
                String value = labelValue();
                for (Labels.Label label : labels) {
                    if (label.name().equals(labelName)) {
                        throw error("duplicate label names for metric");
                    }
                }
                if (labels.size() >= MAX_LABELS) {
                    throw error("too many labels");
                }
                labels.add(new Labels.Label(labelName, value));
                skipBlanks();
                if (pos < end && b[pos] == ',') {
                    pos++;
                } else if (pos >= end || b[pos] != '}') {
                    throw error("unexpected end of label value");
                }
            }
        }

        private String labelValue() throws ExpositionParseException {
            int start = pos;
            boolean escaped = false;
            while (pos < end) {
                byte c = b[pos];
                if (c == '"') {
                    break;
                }
                if (c == '\n') {
                    throw error("label value \"" + Lexing.ascii(b, start, pos) + "\" contains unescaped new-line");
                }
                if (c == '\\') {
                    escaped = true;
                    pos++;
                }
                pos++;
            }
            if (pos >= end) {
                throw error("unexpected end of input stream");
            }
            int valueEnd = pos;
            pos++;
            byte[] bytes = b;
            int from = start;
            int to = valueEnd;
            if (escaped) {
                bytes = Lexing.unescape(b, start, valueEnd, true, true);
                if (bytes == null) {
                    throw error("invalid escape sequence");
                }
                from = 0;
                to = bytes.length;
            }
            String value = Lexing.utf8(bytes, from, to);
            if (value == null) {
                throw error("invalid label value: not valid UTF-8");
            }
            return value;
        }

        /** Names repeat on every line: one String per distinct name and page. */
        private String name(int from, int to) {
            String fresh = Lexing.ascii(b, from, to);
            String known = names.putIfAbsent(fresh, fresh);
            return known != null ? known : fresh;
        }

        private void skipBlanks() {
            while (pos < end && (b[pos] == ' ' || b[pos] == '\t')) {
                pos++;
            }
        }

        private void skipLine() throws ExpositionParseException {
            while (pos < end && b[pos] != '\n') {
                pos++;
            }
            if (pos >= end) {
                throw error("unexpected end of input stream");
            }
            pos++;
            line++;
        }

        private ExpositionParseException error(String reason) {
            return new ExpositionParseException(line, "text format parsing error: " + reason);
        }
    }
}
