package io.fluxtap.ingestion.scrape.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScrapeConfigParserTest {

    private final ScrapeConfigParser parser = new ScrapeConfigParser();

    @Test
    void fillsPrometheusDefaults() throws Exception {
        ScrapeJob job = parser.parse("""
                scrape_configs:
                  - job_name: node
                    static_configs:
                      - targets: ["localhost:9100"]
                """).jobs().getFirst();
        assertEquals(Duration.ofMinutes(1), job.scrapeInterval());
        assertEquals(Duration.ofSeconds(10), job.scrapeTimeout());
        assertEquals("/metrics", job.metricsPath());
        assertEquals("http", job.scheme());
        assertTrue(job.honorTimestamps());
        assertFalse(job.honorLabels());
        assertEquals(0, job.sampleLimit());
        assertEquals(List.of("localhost:9100"), job.staticConfigs().getFirst().targets());
        assertEquals(HttpClientSettings.NONE, job.http());
    }

    @Test
    void jobsTakeTheGlobalSectionAndShortIntervalsShortenTheTimeout() throws Exception {
        ScrapeConfig config = parser.parse("""
                global:
                  scrape_interval: 15s
                  scrape_timeout: 12s
                  external_labels: {region: eu}
                scrape_configs:
                  - job_name: a
                  - job_name: b
                    scrape_interval: 5s
                  - job_name: c
                    scrape_interval: 30s
                    scrape_timeout: 20s
                """);
        assertEquals(Labels.of("region", "eu"), config.global().externalLabels());
        assertEquals(List.of(Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                config.jobs().stream().map(ScrapeJob::scrapeInterval).toList());
        assertEquals(List.of(Duration.ofSeconds(12), Duration.ofSeconds(5), Duration.ofSeconds(20)),
                config.jobs().stream().map(ScrapeJob::scrapeTimeout).toList());
    }

    @Test
    void readsEveryJobKey() throws Exception {
        ScrapeJob job = parser.parse("""
                scrape_configs:
                  - job_name: full
                    metrics_path: /probe
                    scheme: https
                    params: {module: [http_2xx]}
                    honor_labels: true
                    honor_timestamps: false
                    sample_limit: 1000
                    label_limit: 30
                    body_size_limit: 10MB
                    basic_auth: {username: u, password_file: /etc/pw}
                    tls_config: {ca_file: ca.pem, cert_file: c.pem, key_file: k.pem, server_name: x,
                                 insecure_skip_verify: true}
                    static_configs:
                      - targets: ["a:1", "b:2"]
                        labels: {env: prod}
                    file_sd_configs:
                      - files: ["targets/*.json"]
                        refresh_interval: 30s
                    relabel_configs:
                      - source_labels: [__address__]
                        target_label: instance
                    metric_relabel_configs:
                      - action: drop
                        source_labels: [__name__]
                        regex: go_.*
                """).jobs().getFirst();
        assertEquals("/probe", job.metricsPath());
        assertEquals("https", job.scheme());
        assertEquals(Map.of("module", List.of("http_2xx")), job.params());
        assertTrue(job.honorLabels());
        assertFalse(job.honorTimestamps());
        assertEquals(1000, job.sampleLimit());
        assertEquals(30, job.labelLimit());
        assertEquals(10L << 20, job.bodySizeLimit());
        assertEquals(new HttpClientSettings.BasicAuth("u", null, "/etc/pw"), job.http().basicAuth());
        assertNull(job.http().authorization());
        assertEquals(new HttpClientSettings.TlsConfig("ca.pem", "c.pem", "k.pem", "x", true), job.http().tls());
        assertEquals(Labels.of("env", "prod"), job.staticConfigs().getFirst().labels());
        assertEquals(new FileSdConfig(List.of("targets/*.json"), Duration.ofSeconds(30)), job.fileSdConfigs().getFirst());
        assertEquals(List.of("__address__"), job.relabelConfigs().getFirst().get("source_labels"));
        assertEquals("drop", job.metricRelabelConfigs().getFirst().get("action"));
    }

    @Test
    void authorizationDefaultsToBearer() throws Exception {
        ScrapeJob job = parser.parse("""
                scrape_configs:
                  - job_name: a
                    authorization: {credentials: secret}
                """).jobs().getFirst();
        assertEquals(new HttpClientSettings.Authorization("Bearer", "secret", null), job.http().authorization());
    }

    @Test
    void anEmptyFileHasNoJobs() throws Exception {
        assertEquals(ScrapeConfig.EMPTY, parser.parse(""));
        assertEquals(ScrapeConfig.EMPTY, parser.parse("# nothing yet\n"));
    }

    /** Each message as {@code promtool check config} 2.42 words it (the last column), where Prometheus refuses. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            timeout over interval | scrape_configs: [{job_name: a, scrape_interval: 5s, scrape_timeout: 10s}] | scrape timeout greater than scrape interval for scrape config with job name "a"
            duplicate job         | scrape_configs: [{job_name: a}, {job_name: a}]                           | found multiple scrape configs with job name "a"
            no job name           | scrape_configs: [{scrape_interval: 5s}]                                  | job_name is empty
            URL as target         | scrape_configs: [{job_name: a, static_configs: [{targets: ['http://x:1/metrics']}]}] | "http://x:1/metrics" is not a valid hostname
            unknown job key       | scrape_configs: [{job_name: a, bogus: 1}]                                | field bogus not found in type config.ScrapeConfig
            unknown global key    | 'global: {foo: 1}'                                                       | field foo not found in type config.plain
            two auth methods      | scrape_configs: [{job_name: a, basic_auth: {username: u}, authorization: {credentials: x}}] | at most one of basic_auth, oauth2 & authorization must be configured
            global timeout        | 'global: {scrape_interval: 5s, scrape_timeout: 10s}'                     | global scrape timeout greater than scrape interval
            bad duration          | 'global: {scrape_interval: 5x}'                                          | not a valid duration string: "5x"
            bad label name        | scrape_configs: [{job_name: a, static_configs: [{targets: ['a:1'], labels: {0bad: x}}]}] | "0bad" is not a valid label name
            password twice        | scrape_configs: [{job_name: a, basic_auth: {password: p, password_file: f}}] | at most one of basic_auth password & password_file must be configured
            basic authorization   | scrape_configs: [{job_name: a, authorization: {type: Basic, credentials: x}}] | authorization type cannot be set to "basic", use "basic_auth" instead
            bad file_sd name      | scrape_configs: [{job_name: a, file_sd_configs: [{files: [targets.txt]}]}] | path name "targets.txt" is not valid for file discovery
            bad body size         | scrape_configs: [{job_name: a, body_size_limit: lots}]                   | unknown unit in "lots"
            unsupported scheme    | scrape_configs: [{job_name: a, scheme: ftp}]                             | scheme "ftp" for scrape config with job name "a" is not supported: use http or https
            not YAML              | 'scrape_configs: [unclosed'                                              | yaml:
            """)
    void refusesWithPrometheusWording(String name, String yaml, String message) {
        ScrapeConfigException e = assertThrows(ScrapeConfigException.class, () -> parser.parse(yaml));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "512,512", "1KB,1024", "1KiB,1024", "10MB,10485760", "1GB,1073741824"})
    void bodySizeLimitIsBase2(String text, long bytes) throws Exception {
        assertEquals(bytes, parser.parse("scrape_configs: [{job_name: a, body_size_limit: " + text + "}]")
                .jobs().getFirst().bodySizeLimit());
    }
}
