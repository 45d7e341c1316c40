package io.fluxtap.dist.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code systemd/fluxtap.service} is a unit systemd reads without a single complaint, and it is
 * hardened the way the README says: it may write its state directory, and the data directory is that one.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("src/main/dist/systemd/fluxtap.service");

    @TempDir
    Path dir;

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWarning() throws Exception {
        // verify also checks that ExecStart exists: point it at a real executable.
        String unit = Files.readString(UNIT).replace("ExecStart=/opt/fluxtap/bin/fluxtap", "ExecStart=/bin/true");
        assertEquals("", verify("fluxtap.service", unit));
    }

    /** The check above is worth something only if systemd-analyze does complain about a bad directive. */
    @Test
    void aMistypedDirectiveIsReported() throws Exception {
        String unit = Files.readString(UNIT).replace("ExecStart=/opt/fluxtap/bin/fluxtap", "ExecStart=/bin/true")
                .replace("ProtectSystem=strict", "ProtectSystem=sometimes");
        assertTrue(verify("typo.service", unit).contains("protect system"), "systemd-analyze named the bad value");
    }

    @Test
    void theServiceWritesOnlyItsStateDirectoryWhichHoldsTheData() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);
        for (String directive : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                "PrivateTmp=yes", "User=fluxtap", "StateDirectory=fluxtap", "ReadWritePaths=/var/lib/fluxtap",
                "Environment=FLUXTAP_DATA_DIR=/var/lib/fluxtap", "CapabilityBoundingSet=",
                "ExecReload=/bin/kill -HUP $MAINPID")) {
            assertTrue(lines.contains(directive), directive);
        }
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("MemoryDenyWriteExecute=")),
                "the JIT needs writable and executable memory");
    }

    private String verify(String name, String unit) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, unit);
        Process process = new ProcessBuilder("systemd-analyze", "verify", "--man=no", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "systemd-analyze finished");
        return output.strip();
    }
}
