package io.fluxtap.ingestion.scrape.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Relabel lists are checked when the file is read, with Prometheus' message, the job and the entry. */
class ScrapeConfigRelabelTest {

    private final ScrapeConfigParser parser = new ScrapeConfigParser();

    private String refusal(String yaml) {
        return assertThrows(ScrapeConfigException.class, () -> parser.parse(yaml)).getMessage();
    }

    @Test
    void namesTheJobAndTheEntry() {
        assertEquals("\"a-b\" is invalid 'target_label' for replace action (relabel_configs of scrape config with"
                + " job name \"node\", entry 2)", refusal("""
                scrape_configs:
                  - job_name: node
                    relabel_configs:
                      - {source_labels: [a], target_label: b}
                      - {source_labels: [a], target_label: a-b}
                """));
        assertEquals("unknown relabel action \"shuffle\" (metric_relabel_configs of scrape config with job name"
                + " \"node\", entry 1)", refusal("""
                scrape_configs:
                  - job_name: node
                    metric_relabel_configs: [{action: shuffle}]
                """));
    }

    @Test
    void nullEntriesAsPrometheus() {
        assertEquals("empty or null target relabeling rule in scrape config", refusal("""
                scrape_configs:
                  - job_name: node
                    relabel_configs: [null]
                """));
        assertEquals("empty or null metric relabeling rule in scrape config", refusal("""
                scrape_configs:
                  - job_name: node
                    metric_relabel_configs: [~]
                """));
    }

    @Test
    void urlTargetsOnlyWithRelabelling() throws Exception {
        assertEquals("\"http://a/b\" is not a valid hostname", refusal("""
                scrape_configs:
                  - job_name: probe
                    static_configs: [{targets: ["http://a/b"]}]
                """));
        ScrapeConfig ok = parser.parse("""
                scrape_configs:
                  - job_name: probe
                    static_configs: [{targets: ["http://a/b"]}]
                    relabel_configs: [{source_labels: [__address__], target_label: __param_target}]
                """);
        assertEquals(1, ok.jobs().getFirst().relabelConfigs().size());
    }
}
