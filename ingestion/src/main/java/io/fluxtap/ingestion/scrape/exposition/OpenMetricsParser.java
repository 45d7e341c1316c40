package io.fluxtap.ingestion.scrape.exposition;

import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * OpenMetrics 1.0 ({@code application/openmetrics-text; version=1.0.0}), validated as the OpenMetrics parser
 * test suite requires: single spaces between tokens, {@code # EOF} last, metadata once per family and before its
 * samples, families and their MetricPoints contiguous, non-decreasing timestamps per series, counter-like values
 * neither negative nor NaN, complete and ordered histogram buckets, exemplars only on {@code _total} and
 * {@code _bucket} samples (at most 128 code points of labels). Samples keep their exposed names, so a counter
 * {@code x} gives {@code x_total} and {@code x_created} series, as Prometheus 2.42 ingests them; timestamps
 * (float seconds) become milliseconds truncated, as Prometheus does ({@code int64(ts * 1000)}).
 */
public final class OpenMetricsParser implements ExpositionParser {

    private static final int MAX_EXEMPLAR_CODE_POINTS = 128;

    @Override
    public ParsedPage parse(byte[] body) throws ExpositionParseException {
        return new Run(body).parse();
    }

    private static final class Family {
        final String name;
        String type = "unknown";
        String help = "";
        String unit = "";
        boolean typeSeen;
        boolean helpSeen;
        boolean unitSeen;
        boolean hasSamples;
        // The MetricPoint being read: its labels without le/quantile/state, and its timestamp.
        List<Labels.Label> group;
        boolean groupHasTs;
        double groupTs;
        final Set<List<Labels.Label>> seenGroups = new HashSet<>();
        final Map<Labels, Double> lastTs = new HashMap<>();
        // Histogram state of the current MetricPoint.
        String lastLe;
        double lastBucketBound;
        double lastBucketValue;
        boolean hasBucket;
        boolean negativeBucket;
        Double count;
        boolean hasSum;
        boolean hasGsum;
        boolean negativeGsum;

        Family(String name) {
            this.name = name;
        }

        List<String> sampleNames() {
            return switch (type) {
                case "counter" -> List.of(name + "_total", name + "_created");
                case "histogram" -> List.of(name + "_bucket", name + "_count", name + "_sum", name + "_created");
                case "gaugehistogram" -> List.of(name + "_bucket", name + "_gcount", name + "_gsum");
                case "summary" -> List.of(name, name + "_count", name + "_sum", name + "_created");
                case "info" -> List.of(name + "_info");
                default -> List.of(name);
            };
        }

        boolean histogramLike() {
            return type.equals("histogram") || type.equals("gaugehistogram");
        }

        void resetPoint() {
            lastLe = null;
            hasBucket = false;
            negativeBucket = false;
            count = null;
            hasSum = false;
            hasGsum = false;
            negativeGsum = false;
            lastBucketValue = 0;
        }
    }

    private static final class Run {
        private final byte[] b;
        private int line;
        private int lineStart;
        private int lineEnd;
        private int pos;
        private Family family;
        private final List<MetricFamilyInfo> infos = new ArrayList<>();
        private final Set<String> seenFamilies = new HashSet<>();
        private final Set<String> claimedNames = new HashSet<>();
        private final Map<String, String> names = new HashMap<>();
        private final List<ScrapedSample> samples = new ArrayList<>();

        Run(byte[] body) {
            this.b = body;
        }

        ParsedPage parse() throws ExpositionParseException {
            int next = 0;
            while (true) {
                if (next >= b.length) {
                    throw new ExpositionParseException(line, "data does not end with # EOF");
                }
                line++;
                lineStart = next;
                int nl = lineStart;
                while (nl < b.length && b[nl] != '\n') {
                    nl++;
                }
                lineEnd = nl;
                next = nl + 1;
                pos = lineStart;
                if (lineEnd == lineStart) {
                    throw error("blank line");
                }
                if (b[lineStart] == '#') {
                    if (isEof()) {
                        if (next < b.length) {
                            throw error("unexpected data after # EOF");
                        }
                        break;
                    }
                    if (lineEnd >= b.length) {
                        throw error("data does not end with # EOF");
                    }
                    metadata();
                } else {
                    if (lineEnd >= b.length) {
                        throw error("data does not end with # EOF");
                    }
                    sample();
                }
            }
            finishFamily();
            return new ParsedPage(samples, infos);
        }

        private boolean isEof() {
            return lineEnd - lineStart == 5 && b[lineStart + 1] == ' ' && b[lineStart + 2] == 'E'
                    && b[lineStart + 3] == 'O' && b[lineStart + 4] == 'F';
        }

        private void metadata() throws ExpositionParseException {
            String keyword = lineEnd - lineStart >= 7 && b[lineStart + 1] == ' ' && b[lineStart + 6] == ' '
                    ? Lexing.ascii(b, lineStart + 2, lineStart + 6) : "";
            if (!keyword.equals("HELP") && !keyword.equals("TYPE") && !keyword.equals("UNIT")) {
                throw error("expected # HELP, # TYPE, # UNIT or # EOF, got a comment");
            }
            pos = lineStart + 7;
            int nameEnd = Lexing.metricNameEnd(b, pos, lineEnd);
            if (nameEnd == pos) {
                throw error("expected metric name after " + keyword);
            }
            String name = name(pos, nameEnd);
            pos = nameEnd;
            if (pos >= lineEnd || b[pos] != ' ') {
                throw error("expected a space and text after the metric name in " + keyword);
            }
            pos++;
            Family current = metadataFamily(name);
            switch (keyword) {
                case "HELP" -> {
                    if (current.helpSeen) {
                        throw error("second HELP for metric family \"" + name + "\"");
                    }
                    byte[] text = Lexing.unescape(b, pos, lineEnd, true, false);
                    String help = Lexing.utf8(text, 0, text.length);
                    if (help == null) {
                        throw error("help text is not a valid utf8 string");
                    }
                    current.help = help;
                    current.helpSeen = true;
                }
                case "TYPE" -> {
                    if (current.typeSeen) {
                        throw error("second TYPE for metric family \"" + name + "\"");
                    }
                    String type = Lexing.ascii(b, pos, lineEnd);
                    switch (type) {
                        case "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset",
                             "unknown" -> current.type = type;
                        default -> throw error("invalid metric type \"" + type + "\"");
                    }
                    current.typeSeen = true;
                    checkUnitAllowed(current);
                }
                default -> {
                    if (current.unitSeen) {
                        throw error("second UNIT for metric family \"" + name + "\"");
                    }
                    for (int i = pos; i < lineEnd; i++) {
                        if (!Lexing.isMetricNameChar(b[i])) {
                            throw error("invalid unit \"" + Lexing.ascii(b, pos, lineEnd) + "\"");
                        }
                    }
                    String unit = Lexing.ascii(b, pos, lineEnd);
                    if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
                        throw error("unit not a suffix of metric \"" + name + "\"");
                    }
                    current.unit = unit;
                    current.unitSeen = true;
                    checkUnitAllowed(current);
                }
            }
        }

        private void checkUnitAllowed(Family f) throws ExpositionParseException {
            if (!f.unit.isEmpty() && (f.type.equals("info") || f.type.equals("stateset"))) {
                throw error(f.type + " metric \"" + f.name + "\" cannot have a unit");
            }
        }

        private Family metadataFamily(String name) throws ExpositionParseException {
            if (family != null && family.name.equals(name)) {
                if (family.hasSamples) {
                    throw error("metadata for metric family \"" + name + "\" after its samples");
                }
                return family;
            }
            return startFamily(name);
        }

        private Family startFamily(String name) throws ExpositionParseException {
            finishFamily();
            if (seenFamilies.contains(name) || claimedNames.contains(name)) {
                throw error("metric family \"" + name + "\" appears twice or clashes with an earlier family");
            }
            seenFamilies.add(name);
            family = new Family(name);
            return family;
        }

        private void finishFamily() throws ExpositionParseException {
            if (family == null) {
                return;
            }
            finishPoint(family);
            for (String sampleName : family.sampleNames()) {
                if ((!sampleName.equals(family.name) && seenFamilies.contains(sampleName))
                        || !claimedNames.add(sampleName)) {
                    throw error("metric family \"" + family.name + "\" clashes with the name \"" + sampleName
                            + "\" of another family");
                }
            }
            if (family.typeSeen || family.helpSeen || family.unitSeen) {
                infos.add(new MetricFamilyInfo(family.name, family.type, family.help, family.unit));
            }
            family = null;
        }

        private void sample() throws ExpositionParseException {
            int nameEnd = Lexing.metricNameEnd(b, pos, lineEnd);
            if (nameEnd == pos) {
                throw error("invalid metric name");
            }
            String name = name(pos, nameEnd);
            pos = nameEnd;
            List<Labels.Label> labels = new ArrayList<>();
            labels.add(new Labels.Label("__name__", name));
            if (pos < lineEnd && b[pos] == '{') {
                pos++;
                labelSet(labels);
            }
            expectSpace("value");
            double value = number(token(), "value");
            Long timestamp = null;
            double seconds = 0;
            MetricSample.Exemplar exemplar = null;
            if (pos < lineEnd) {
                expectSpace("timestamp or exemplar");
                if (b[pos] != '#') {
                    seconds = number(token(), "timestamp");
                    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                        throw error("invalid timestamp");
                    }
                    timestamp = (long) (seconds * 1000);
                    if (pos < lineEnd) {
                        expectSpace("exemplar");
                    }
                }
                if (pos < lineEnd) {
                    exemplar = exemplar();
                }
            }
            Family f = sampleFamily(name);
            String suffix = name.substring(f.name.length());
            checkSample(f, suffix, labels, value, timestamp != null, seconds, exemplar != null);
            samples.add(new ScrapedSample(new Labels(labels), value, timestamp, exemplar));
        }

        private Family sampleFamily(String name) throws ExpositionParseException {
            if (family != null && family.sampleNames().contains(name)) {
                return family;
            }
            return startFamily(name);
        }

        private void checkSample(Family f, String suffix, List<Labels.Label> labels, double value, boolean hasTs,
                double ts, boolean hasExemplar) throws ExpositionParseException {
            f.hasSamples = true;
            String type = f.type;
            if (hasExemplar && !((type.equals("counter") && suffix.equals("_total"))
                    || (f.histogramLike() && suffix.equals("_bucket")))) {
                throw error("exemplars are only allowed on counter _total and histogram _bucket samples");
            }
            String groupLabel = switch (type) {
                case "histogram", "gaugehistogram" -> suffix.equals("_bucket") ? "le" : null;
                case "summary" -> suffix.isEmpty() ? "quantile" : null;
                case "stateset" -> f.name;
                default -> null;
            };
            String special = null;
            List<Labels.Label> group = new ArrayList<>(labels.size());
            for (int i = 1; i < labels.size(); i++) {
                Labels.Label label = labels.get(i);
                if (label.name().equals(groupLabel)) {
                    special = label.value();
                } else {
                    group.add(label);
                }
            }
            group.sort((x, y) -> x.name().compareTo(y.name()));
            boolean newPoint = f.group == null || !f.group.equals(group) || f.groupHasTs != hasTs
                    || (hasTs && f.groupTs != ts);
            if (f.group != null && !f.group.equals(group) && f.seenGroups.contains(group)) {
                throw error("samples of one MetricPoint of \"" + f.name + "\" are not together");
            }
            if (f.group != null && f.group.equals(group) && f.groupHasTs != hasTs) {
                throw error("a MetricPoint of \"" + f.name + "\" mixes samples with and without timestamps");
            }
            if (newPoint) {
                finishPoint(f);
                f.resetPoint();
            }
            f.group = group;
            f.groupHasTs = hasTs;
            f.groupTs = ts;
            f.seenGroups.add(group);
            if (hasTs) {
                Labels series = new Labels(labels);
                Double last = f.lastTs.put(series, ts);
                if (last != null && last > ts) {
                    throw error("timestamps of a series of \"" + f.name + "\" go backwards");
                }
            }
            switch (type) {
                case "counter" -> {
                    if (suffix.equals("_total")) {
                        counterValue(f, value);
                    }
                }
                case "histogram", "gaugehistogram" -> histogramSample(f, suffix, special, value);
                case "summary" -> {
                    if (suffix.isEmpty()) {
                        Double q = special == null ? null : Lexing.parseFloat(bytes(special), 0, bytes(special).length);
                        if (q == null || Double.isNaN(q) || q < 0 || q > 1) {
                            throw error("summary \"" + f.name + "\" needs a quantile label between 0 and 1");
                        }
                        if (value < 0) {
                            throw error("quantile values of summary \"" + f.name + "\" cannot be negative");
                        }
                    } else if (!suffix.equals("_created")) {
                        counterValue(f, value);
                    }
                }
                case "stateset" -> {
                    if (special == null) {
                        throw error("stateset \"" + f.name + "\" sample without its state label");
                    }
                    if (value != 0 && value != 1) {
                        throw error("stateset \"" + f.name + "\" values must be 0 or 1");
                    }
                }
                case "info" -> {
                    if (value != 1) {
                        throw error("info \"" + f.name + "\" values must be 1");
                    }
                }
                default -> {
                }
            }
        }

        private void counterValue(Family f, double value) throws ExpositionParseException {
            if (Double.isNaN(value)) {
                throw error("counter-like samples of \"" + f.name + "\" cannot be NaN");
            }
            if (value < 0) {
                throw error("counter-like samples of \"" + f.name + "\" cannot be negative");
            }
        }

        private void histogramSample(Family f, String suffix, String le, double value)
                throws ExpositionParseException {
            switch (suffix) {
                case "_bucket" -> {
                    Double bound = le == null ? null : Lexing.parseFloat(bytes(le), 0, bytes(le).length);
                    if (bound == null || Double.isNaN(bound)) {
                        throw error("histogram \"" + f.name + "\" bucket needs a numeric le label");
                    }
                    counterValue(f, value);
                    if (f.hasBucket && bound <= f.lastBucketBound) {
                        throw error("buckets of histogram \"" + f.name + "\" out of order");
                    }
                    if (value < f.lastBucketValue) {
                        throw error("bucket values of histogram \"" + f.name + "\" decrease");
                    }
                    if (bound < 0) {
                        f.negativeBucket = true;
                    }
                    f.hasBucket = true;
                    f.lastBucketBound = bound;
                    f.lastBucketValue = value;
                    f.lastLe = le;
                }
                case "_count", "_gcount" -> {
                    counterValue(f, value);
                    f.count = value;
                }
                case "_sum" -> {
                    counterValue(f, value);
                    f.hasSum = true;
                }
                case "_gsum" -> {
                    if (Double.isNaN(value)) {
                        throw error("_gsum of \"" + f.name + "\" cannot be NaN");
                    }
                    f.hasGsum = true;
                    f.negativeGsum |= value < 0;
                }
                default -> {
                }
            }
        }

        /** The checks on one complete histogram MetricPoint. */
        private void finishPoint(Family f) throws ExpositionParseException {
            if (f.group == null || !f.histogramLike()) {
                return;
            }
            if (!"+Inf".equals(f.lastLe)) {
                throw error("histogram \"" + f.name + "\" has no +Inf bucket last");
            }
            if (f.count != null && f.count != f.lastBucketValue) {
                throw error("_count of histogram \"" + f.name + "\" does not match its +Inf bucket");
            }
            if ((f.hasSum || f.hasGsum) != (f.count != null)) {
                throw error("histogram \"" + f.name + "\" has only one of _count and _sum");
            }
            if (f.negativeBucket && f.hasSum) {
                throw error("histogram \"" + f.name + "\" with negative buckets cannot have a _sum");
            }
            if (!f.negativeBucket && f.negativeGsum) {
                throw error("gauge histogram \"" + f.name + "\" without negative buckets has a negative _gsum");
            }
            f.group = null;
        }

        private MetricSample.Exemplar exemplar() throws ExpositionParseException {
            if (lineEnd - pos < 3 || b[pos] != '#' || b[pos + 1] != ' ' || b[pos + 2] != '{') {
                throw error("expected an exemplar (\" # {\") after the value");
            }
            pos += 3;
            List<Labels.Label> labels = new ArrayList<>();
            labelSet(labels);
            int codePoints = 0;
            Map<String, String> map = new HashMap<>();
            String traceId = null;
            String spanId = null;
            for (Labels.Label label : labels) {
                codePoints += label.name().length() + label.value().codePointCount(0, label.value().length());
                map.put(label.name(), label.value());
                if (label.name().equals("trace_id")) {
                    traceId = label.value();
                } else if (label.name().equals("span_id")) {
                    spanId = label.value();
                }
            }
            if (codePoints > MAX_EXEMPLAR_CODE_POINTS) {
                throw error("exemplar labels have more than 128 code points");
            }
            expectSpace("exemplar value");
            double value = number(token(), "exemplar value");
            Instant at = null;
            if (pos < lineEnd) {
                expectSpace("exemplar timestamp");
                double seconds = number(token(), "exemplar timestamp");
                if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                    throw error("invalid exemplar timestamp");
                }
                at = Instant.ofEpochMilli((long) (seconds * 1000));
                if (pos < lineEnd) {
                    throw error("expected the end of the line after the exemplar timestamp");
                }
            }
            return new MetricSample.Exemplar(at, value, traceId, spanId, map);
        }

        private void labelSet(List<Labels.Label> labels) throws ExpositionParseException {
            if (pos < lineEnd && b[pos] == '}') {
                pos++;
                return;
            }
            int first = labels.size();
            while (true) {
                int nameEnd = Lexing.labelNameEnd(b, pos, lineEnd);
                if (nameEnd == pos) {
                    throw error("expected a label name");
                }
                String name = name(pos, nameEnd);
                pos = nameEnd;
                if (pos >= lineEnd || b[pos] != '=') {
                    throw error("expected '=' after label name \"" + name + "\"");
                }
                pos++;
                if (pos >= lineEnd || b[pos] != '"') {
                    throw error("expected '\"' at start of the value of label \"" + name + "\"");
                }
                pos++;
                String value = labelValue();
                if (name.equals("__name__")) {
                    throw error("label name \"__name__\" is reserved");
                }
                for (int i = first; i < labels.size(); i++) {
                    if (labels.get(i).name().equals(name)) {
                        throw error("duplicate label name \"" + name + "\"");
                    }
                }
                labels.add(new Labels.Label(name, value));
                if (pos < lineEnd && b[pos] == ',') {
                    pos++;
                } else if (pos < lineEnd && b[pos] == '}') {
                    pos++;
                    return;
                } else {
                    throw error("expected ',' or '}' after a label value");
                }
            }
        }

        private String labelValue() throws ExpositionParseException {
            int start = pos;
            boolean escaped = false;
            while (pos < lineEnd && b[pos] != '"') {
                if (b[pos] == '\\') {
                    escaped = true;
                    pos++;
                }
                pos++;
            }
            if (pos >= lineEnd) {
                throw error("label value without its closing quote");
            }
            int valueEnd = pos;
            pos++;
            String value;
            if (escaped) {
                byte[] unescaped = Lexing.unescape(b, start, valueEnd, true, false);
                value = Lexing.utf8(unescaped, 0, unescaped.length);
            } else {
                value = Lexing.utf8(b, start, valueEnd);
            }
            if (value == null) {
                throw error("invalid UTF-8 label value");
            }
            return value;
        }

        private void expectSpace(String what) throws ExpositionParseException {
            if (pos >= lineEnd || b[pos] != ' ') {
                throw error("expected a single space before the " + what);
            }
            pos++;
        }

        /** The token from here to the next space or the end of the line: [start, end) packed in a long. */
        private long token() {
            int start = pos;
            while (pos < lineEnd && b[pos] != ' ') {
                pos++;
            }
            return ((long) start << 32) | pos;
        }

        private double number(long token, String what) throws ExpositionParseException {
            int start = (int) (token >>> 32);
            int tokenEnd = (int) token;
            Double value = Lexing.parseFloat(b, start, tokenEnd);
            if (value == null) {
                throw error("expected a number as " + what + ", got \"" + Lexing.ascii(b, start, tokenEnd) + "\"");
            }
            return value;
        }

        private String name(int from, int to) {
            String fresh = Lexing.ascii(b, from, to);
            String known = names.putIfAbsent(fresh, fresh);
            return Objects.requireNonNullElse(known, fresh);
        }

        private static byte[] bytes(String s) {
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        private ExpositionParseException error(String reason) {
            return new ExpositionParseException(line, reason);
        }
    }
}
