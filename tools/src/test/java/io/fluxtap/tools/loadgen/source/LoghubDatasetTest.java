package io.fluxtap.tools.loadgen.source;

import io.fluxtap.api.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads the real loghub samples from ../shared/datasets/loghub (skipped where they are not present). */
class LoghubDatasetTest {

    static final Path LOGHUB = Path.of("..", "..", "shared", "datasets", "loghub").toAbsolutePath().normalize();

    @BeforeAll
    static void requireLoghub() {
        assumeTrue(Files.isDirectory(LOGHUB.resolve("HDFS")),
                "the loghub samples are not at " + LOGHUB + "; skipping the dataset tests");
    }

    static LogLine row(String system, int index) throws IOException {
        LoghubDataset dataset = LoghubDataset.load(LOGHUB.resolve(system));
        assertEquals(2000, dataset.lines().size(), system + " rows");
        return dataset.lines().get(index);
    }

    @Test
    void hdfs() throws Exception {
        LogLine line = row("HDFS", 0);

        assertEquals(new LogLine("HDFS", "dfs.DataNode$PacketResponder", Level.INFO, "INFO",
                "PacketResponder 1 for block blk_38865049064139660 terminating",
                attributes("LineId", "1", "Date", "081109", "Time", "203615", "Pid", "148", "EventId", "E10",
                        "EventTemplate", "PacketResponder <*> for block blk_<*> terminating"),
                null, null), line);
    }

    @Test
    void hadoopQuotedTimeWithACommaAndComponentOverProcess() throws Exception {
        LogLine first = row("Hadoop", 0);
        assertEquals("org.apache.hadoop.mapreduce.v2.app.MRAppMaster", first.gearId());
        assertEquals(attributes("LineId", "1", "Date", "2015-10-18", "Time", "18:01:47,978", "Process", "main",
                "EventId", "E29", "EventTemplate", "Created MRAppMaster for application appattempt_<*>"),
                first.attributes());

        LogLine warn = row("Hadoop", 847);
        assertEquals(new LogLine("Hadoop", "org.apache.hadoop.ipc.Client", Level.WARN, "WARN",
                "Address change detected. Old: msra-sa-41/10.190.173.170:9000 New: msra-sa-41:9000",
                attributes("LineId", "848", "Date", "2015-10-18", "Time", "18:05:27,570",
                        "Process", "LeaseRenewer:msrabi@msra-sa-41:9000", "EventId", "E10",
                        "EventTemplate", "Address change detected. Old: <*>/<*>:<*> New: <*>:<*>"),
                null, null), warn);
    }

    @Test
    void openStackDoubledQuotesInsideAQuotedField() throws Exception {
        LogLine line = row("OpenStack", 0);

        assertEquals("10.11.10.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200"
                + " len: 1893 time: 0.2477829", line.body());
        assertEquals("<*> \"GET <*>\" status: <*> len: <*> time: <*>.<*>", line.attributes().get("EventTemplate"));
        assertEquals("nova.osapi_compute.wsgi.server", line.gearId());
        assertEquals("req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2"
                + " 54fadb412c4e40cdbaed9335e4c35a9e - - -", line.attributes().get("ADDR"));
        assertEquals(Level.INFO, line.level());
    }

    @Test
    void sparkQuotedContentWithCommas() throws Exception {
        LogLine line = row("Spark", 0);

        assertEquals(new LogLine("Spark", "executor.CoarseGrainedExecutorBackend", Level.INFO, "INFO",
                "Registered signal handlers for [TERM, HUP, INT]",
                attributes("LineId", "1", "Date", "17/06/09", "Time", "20:10:40", "EventId", "E22",
                        "EventTemplate", "Registered signal handlers for [TERM, HUP, INT]"),
                null, null), line);
    }

    @Test
    void linuxComboLevelCountsAsInfoButKeepsItsText() throws Exception {
        LogLine line = row("Linux", 0);

        assertEquals(Level.INFO, line.level());
        assertEquals("combo", line.severityText());
        assertEquals("sshd(pam_unix)", line.gearId());
        assertEquals("authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4",
                line.body());
        assertEquals("19939", line.attributes().get("PID"));
    }

    @Test
    void androidSingleLetterLevels() throws Exception {
        assertEquals(Level.DEBUG, row("Android", 0).level());
        LogLine error = row("Android", 198);
        assertEquals(new LogLine("Android", "KeyguardUpdateMonitor", Level.ERROR, "E",
                "isSimPinSecure mSimDatas is null or empty",
                attributes("LineId", "199", "Date", "03-17", "Time", "16:13:46.764", "Pid", "2227", "Tid", "2794",
                        "EventId", "E73", "EventTemplate", "isSimPinSecure mSimDatas is null or empty"),
                null, null), error);
    }

    @Test
    void bglFatalAndComponentOverNode() throws Exception {
        LogLine line = row("BGL", 8);

        assertEquals(Level.FATAL, line.level());
        assertEquals("APP", line.gearId());
        assertEquals("R04-M1-N4-I:J18-U11", line.attributes().get("Node"));
        assertEquals("APPREAD", line.attributes().get("Label"));
    }

    @Test
    void systemsWithoutComponentUseProgramOrNothingAndWithoutLevelAreInfo() throws Exception {
        LogLine proxifier = row("Proxifier", 0);
        assertEquals("chrome.exe", proxifier.gearId());
        assertEquals(Level.INFO, proxifier.level());
        assertNull(proxifier.severityText());
        assertEquals(attributes("LineId", "1", "Time", "10.30 16:49:06", "EventId", "E2",
                "EventTemplate", "<*>:<*> open through proxy <*>:<*> HTTPS"), proxifier.attributes());

        LogLine apache = row("Apache", 0);
        assertNull(apache.gearId());
        assertEquals(Level.INFO, apache.level());
        assertEquals("notice", apache.severityText());
        assertEquals("workerEnv.init() ok /etc/httpd/conf/workers2.properties", apache.body());
    }

    @Test
    void emptyColumnsAreLeftOut() throws Exception {
        LogLine mac = row("Mac", 0);

        assertEquals("kernel", mac.gearId());
        assertEquals(List.of("LineId", "Month", "Date", "Time", "User", "PID", "EventId", "EventTemplate"),
                List.copyOf(mac.attributes().keySet()));
    }

    @Test
    void theRootCyclesThroughEverySystemInNameOrder() throws Exception {
        LoghubDataset all = LoghubDataset.load(LOGHUB);
        long systems;
        try (var dirs = Files.list(LOGHUB)) {
            systems = dirs.filter(dir -> Files.isDirectory(dir)).count();
        }

        assertEquals(systems * 2000, all.distinct());
        assertEquals("Android", all.lines().getFirst().service());
        assertEquals("HDFS", all.lines().get(3 * 2000).service());
        assertEquals("Zookeeper", all.lines().getLast().service());
        assertEquals("loghub " + systems + " systems (" + systems * 2000 + " lines)", all.description());
        for (int i = 0; i < all.distinct(); i++) {
            all.next();
        }
        assertEquals(all.lines().getFirst(), all.next());
    }

    @Test
    void quotedNewlinesAndCommasInASmallFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("Tiny_3.log_structured.csv");
        Files.writeString(csv, """
                LineId,Level,Node,Content,EventId
                1,W,n1,"a, b and \"\"c\"\"",E1
                2,,n2,"two
                lines",E2
                """);

        List<LogLine> lines = LoghubDataset.load(csv).lines();

        assertEquals(2, lines.size());
        assertEquals(new LogLine("Tiny", "n1", Level.WARN, "W", "a, b and \"c\"",
                attributes("LineId", "1", "EventId", "E1"), null, null), lines.get(0));
        assertEquals("two\nlines", lines.get(1).body());
        assertEquals(Level.INFO, lines.get(1).level());
    }

    private static Map<String, String> attributes(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
