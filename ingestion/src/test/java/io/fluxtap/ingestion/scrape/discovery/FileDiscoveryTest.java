package io.fluxtap.ingestion.scrape.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.ingestion.scrape.config.FileSdConfig;
import io.fluxtap.ingestion.scrape.config.TargetGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscoveryTest {

    @TempDir
    Path dir;

    private List<String> targets(FileDiscovery discovery) {
        return discovery.groups().stream().flatMap(g -> g.targets().stream()).toList();
    }

    /** Sets a distinct modification time, so a rewrite within the file system's time granularity is still seen. */
    private void write(Path file, String text, int second) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + second)));
    }

    @Test
    void addsChangesAndRemovesTargetsAsFilesChange() throws Exception {
        Files.createDirectories(dir.resolve("sd"));
        FileDiscovery discovery = new FileDiscovery(
                new FileSdConfig(List.of("sd/*.json", "sd/*.yml"), Duration.ofSeconds(1)), dir);
        assertFalse(discovery.refresh());
        assertEquals(List.of(), targets(discovery));

        write(dir.resolve("sd/a.json"), "[{\"targets\": [\"a:1\", \"b:1\"], \"labels\": {\"env\": \"prod\"}}]", 1);
        write(dir.resolve("sd/b.yml"), "- targets: ['c:1']\n", 1);
        write(dir.resolve("sd/ignored.txt"), "- targets: ['z:1']\n", 1);
        assertTrue(discovery.refresh());
        assertEquals(List.of("a:1", "b:1", "c:1"), targets(discovery));
        TargetGroup first = discovery.groups().getFirst();
        assertEquals("prod", first.labels().get("env"));
        assertEquals(dir.resolve("sd/a.json").toString(), first.labels().get("__meta_filepath"));
        assertFalse(discovery.refresh(), "nothing changed");

        write(dir.resolve("sd/a.json"), "[{\"targets\": [\"a:1\"]}]", 2);
        assertTrue(discovery.refresh());
        assertEquals(List.of("a:1", "c:1"), targets(discovery));

        Files.delete(dir.resolve("sd/b.yml"));
        assertTrue(discovery.refresh());
        assertEquals(List.of("a:1"), targets(discovery));
    }

    @Test
    void aBrokenFileKeepsItsLastGroupsAndSaysWhy() throws Exception {
        Path file = dir.resolve("t.json");
        FileDiscovery discovery = new FileDiscovery(new FileSdConfig(List.of("*.json"), Duration.ofSeconds(1)), dir);
        write(file, "[{\"targets\": [\"a:1\"]}]", 1);
        discovery.refresh();
        write(file, "[{\"targets\": [\"http://a:1/x\"]}]", 2);
        discovery.refresh();
        assertEquals(List.of("a:1"), targets(discovery));
        assertEquals(1, discovery.errors().size());
        assertTrue(discovery.errors().getFirst().contains("\"http://a:1/x\" is not a valid hostname"),
                discovery.errors()::toString);

        write(file, "[{\"targets\": [\"b:1\"]}]", 3);
        discovery.refresh();
        assertEquals(List.of("b:1"), targets(discovery));
        assertEquals(List.of(), discovery.errors());
    }
}
