package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's memory defaults (issue #16) as the running JVM sees them: the heap the server reports, the flags on
 * its command line, and which setting wins.
 */
class MemoryDefaultsIT {

    private static final long MIB = 1 << 20;

    @TempDir
    Path workDir;

    @Test
    void theServerStartsWithTheSmallBoxDefaults() throws Exception {
        try (FluxtapProcess server = FluxtapProcess.start(workDir, Map.of())) {
            assertEquals(512 * MIB, heapMax(server));
            List<String> flags = commandLine(server);
            assertTrue(flags.contains("-XX:MaxDirectMemorySize=256m"), flags.toString());
            assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), flags.toString());
            assertEquals(143, server.terminate());
        }
    }

    @Test
    void theEnvironmentSetsTheHeapAndJavaOptsWinOverIt() throws Exception {
        try (FluxtapProcess server = FluxtapProcess.start(Files.createDirectories(workDir.resolve("a")),
                Map.of("FLUXTAP_MEMORY_HEAP", "384m"))) {
            assertEquals(384 * MIB, heapMax(server));
            assertEquals(143, server.terminate());
        }
        try (FluxtapProcess server = FluxtapProcess.start(Files.createDirectories(workDir.resolve("b")),
                Map.of("FLUXTAP_MEMORY_HEAP", "384m", "FLUXTAP_JAVA_OPTS", "-Xmx320m"))) {
            assertEquals(320 * MIB, heapMax(server));
            assertEquals(143, server.terminate());
        }
    }

    @Test
    void aHeapThatIsNoSizeStopsTheLauncherWithTheKeyNamed() throws Exception {
        ProcessBuilder bad = new ProcessBuilder(FluxtapProcess.distribution().resolve("bin/fluxtap").toString())
                .directory(workDir.toFile()).redirectErrorStream(true);
        bad.environment().put("JAVA_HOME", System.getProperty("java.home"));
        bad.environment().put("FLUXTAP_MEMORY_HEAP", "half");
        Process refused = bad.start();
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS), "the launcher ends by itself");
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, refused.exitValue(), output);
        assertTrue(output.contains("fluxtap.memory.heap (FLUXTAP_MEMORY_HEAP)") && output.contains("'half'"), output);
    }

    private static long heapMax(FluxtapProcess server) {
        return json(get(server.api("/api/v1/monitoring/metrics"))).path("jvm").path("heap_max_bytes").asLong();
    }

    /** bin/fluxtap execs the JVM, so the launched process is the JVM itself. */
    private static List<String> commandLine(FluxtapProcess server) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(server.process().pid()), "cmdline"));
        return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
    }
}
