package io.fluxtap.ui.metrics;

import io.fluxtap.ui.chart.ChartUnit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Node-exporter-like dashboard (rows, a stat panel, two targets, variables, other data sources) imported. */
class GrafanaImportTest {

    private static String dashboard() throws IOException {
        try (InputStream in = GrafanaImportTest.class.getResourceAsStream("node-exporter-like.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void timeSeriesPanelsBecomeOnePanelPerPromqlTargetWithVariablesFilledIn() throws IOException {
        GrafanaImport.Result result = GrafanaImport.read(dashboard());

        assertEquals("Node Exporter (small)", result.title());
        assertEquals(List.of(
                new Panel("CPU busy · A", "sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\", job=\"node\","
                        + " instance=~\".+\"}[$__rate_interval]))", ChartUnit.RATIO),
                new Panel("CPU busy · B", "sum by (instance) (rate(node_cpu_seconds_total{mode=\"iowait\", job=\"node\"}"
                        + "[$__rate_interval]))", ChartUnit.RATIO),
                new Panel("Network received", "rate(node_network_receive_bytes_total{device=~\"eth0|eth1\"}[5m])",
                        ChartUnit.BYTES),
                new Panel("Mixed", "up{job=\"node\"}", ChartUnit.NONE)), result.panels());
    }

    @Test
    void whatIsLeftOutIsListedWithTheReason() throws IOException {
        List<String> skipped = GrafanaImport.read(dashboard()).skipped();

        assertEquals(List.of(
                "Panel \"Uptime\": type stat (only timeseries and graph panels are imported)",
                "Panel \"Network received\" query B: hidden in Grafana",
                "Panel \"Host name\": variable $nodename has no value to put in",
                "Panel \"Logs rate\": data source loki is not Prometheus",
                "Panel \"Mixed\" query B: not a PromQL query (elasticsearch)",
                "Panel \"Notes\": type text (only timeseries and graph panels are imported)"), skipped);
    }

    @Test
    void rateIntervalIsFourScrapeIntervalsOrAStepAndAScrapeWhenRun() {
        String query = "rate(x[$__rate_interval]) / $__interval_ms + ${__range}";
        assertEquals("rate(x[60s]) / 14000 + 3600s", QueryVariables.fill(query, Duration.ofSeconds(14), Duration.ofHours(1)));
        assertEquals("rate(x[360s]) / 345000 + 86400s",
                QueryVariables.fill(query, Duration.ofSeconds(345), Duration.ofHours(24)));
        assertEquals(Duration.ofSeconds(14), QueryVariables.step(Duration.ofHours(1)));
        assertEquals(Duration.ofSeconds(1), QueryVariables.step(Duration.ofMinutes(1)));
    }

    @Test
    void theApiExportWrapperIsUnwrapped() {
        GrafanaImport.Result result = GrafanaImport.read("{\"dashboard\": {\"title\": \"T\", \"panels\": [{\"type\": "
                + "\"timeseries\", \"title\": \"Up\", \"targets\": [{\"refId\": \"A\", \"expr\": \"up\"}]}]}}");
        assertEquals(List.of(new Panel("Up", "up", ChartUnit.NONE)), result.panels());
    }

    @Test
    void textThatIsNoDashboardIsRefusedWithAMessage() {
        assertTrue(assertThrows(GrafanaImport.ImportException.class, () -> GrafanaImport.read("{not json"))
                .getMessage().startsWith("Not JSON"));
        assertEquals("Not a Grafana dashboard: it has no \"panels\" list",
                assertThrows(GrafanaImport.ImportException.class, () -> GrafanaImport.read("{\"title\": 1}")).getMessage());
    }
}
