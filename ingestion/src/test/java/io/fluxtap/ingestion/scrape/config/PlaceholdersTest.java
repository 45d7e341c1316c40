package io.fluxtap.ingestion.scrape.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static final Function<String, Optional<String>> VALUES =
            key -> Optional.ofNullable(Map.of("fluxtap.http.port", "41234", "fluxtap.home", "/opt/$1").get(key));

    @Test
    void fluxtapKeysAreFilledIn() throws ScrapeConfigException {
        assertEquals("targets: [\"localhost:41234\"] # /opt/$1",
                Placeholders.expand("targets: [\"localhost:${fluxtap.http.port}\"] # ${fluxtap.home}", VALUES));
    }

    @Test
    void relabellingReferencesStayPrometheus() throws ScrapeConfigException {
        String relabel = "replacement: '${1}:$2 ${name} $$ ${http.port}'";
        assertEquals(relabel, Placeholders.expand(relabel, VALUES));
    }

    @Test
    void aKeyWithoutValueRefusesTheFileAndSaysWhere() {
        ScrapeConfigException e = assertThrows(ScrapeConfigException.class,
                () -> Placeholders.expand("global:\n  x: 1\nscrape_configs: ${fluxtap.nope}\n", VALUES));
        assertEquals("line 3: ${fluxtap.nope}: no such configuration key has a value", e.getMessage());
    }

    @Test
    void theParsedFileHasTheValue() throws ScrapeConfigException {
        ScrapeConfig config = new ScrapeConfigParser().parse(Placeholders.expand("""
                scrape_configs:
                  - job_name: fluxtap
                    static_configs: [{targets: ['localhost:${fluxtap.http.port}']}]
                """, VALUES));
        assertEquals("localhost:41234",
                config.jobs().getFirst().staticConfigs().getFirst().targets().getFirst());
    }
}
