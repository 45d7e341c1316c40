package io.fluxtap.tools.bench;

import io.fluxtap.storage.promql.series.MemorySeriesSource;
import io.fluxtap.storage.promql.series.StoredSeries;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link RuleEvaluationBenchmark}'s hour of history, ending at a given time, as OpenMetrics for
 * {@code promtool tsdb create-blocks-from openmetrics}, so Prometheus evaluates the same rule file over the same
 * series (bench/rules-eval-prometheus.sh).
 * <pre>
 * java -cp ... io.fluxtap.tools.bench.RuleEvalOpenMetrics OUT.om END_EPOCH_MS RULES.yml [jobs] [instances] [groups]
 * </pre>
 */
public final class RuleEvalOpenMetrics {

    private RuleEvalOpenMetrics() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long endMs = Long.parseLong(args[1]);
        Path rules = Path.of(args[2]);
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int instances = args.length > 4 ? Integer.parseInt(args[4]) : 25;
        int groups = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        RuleEvalWorkload w = new RuleEvalWorkload(jobs, instances);
        MemorySeriesSource source = new MemorySeriesSource();
        w.scrape(source::add, endMs - RuleEvaluationBenchmark.HISTORY_MS - 1, endMs);
        List<StoredSeries> all = new ArrayList<>(source.select(List.of(), Long.MIN_VALUE, Long.MAX_VALUE));
        // OpenMetrics wants each metric family's lines together.
        all.sort(Comparator.comparing(s -> s.labels().get("__name__")));
        try (BufferedWriter o = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String family = null;
            for (StoredSeries s : all) {
                String name = s.labels().get("__name__");
                if (!name.equals(family)) {
                    o.write("# TYPE " + name + " " + "unknown" + "\n");
                    family = name;
                }
                StringBuilder labels = new StringBuilder();
                for (Map.Entry<String, String> l : s.labels().entrySet()) {
                    if (!l.getKey().equals("__name__")) {
                        labels.append(labels.isEmpty() ? "{" : ",").append(l.getKey()).append("=\"")
                                .append(l.getValue()).append('"');
                    }
                }
                String series = name + labels + (labels.isEmpty() ? "" : "}");
                for (int i = 0; i < s.timestampsMs().length; i++) {
                    o.write(series + " " + s.values()[i] + " " + (s.timestampsMs()[i] / 1000.0) + "\n");
                }
            }
            o.write("# EOF\n");
        }
        Files.writeString(rules, w.ruleFile(groups), StandardCharsets.UTF_8);
        System.out.println(all.size() + " series written to " + out + ", rules to " + rules);
    }
}
