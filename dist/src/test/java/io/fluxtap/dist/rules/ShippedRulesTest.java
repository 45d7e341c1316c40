package io.fluxtap.dist.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.tools.rules.RulesMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rule file the distribution ships ({@code conf/rules/fluxtap.yml}, the alerts an operator of Fluxtap needs)
 * passes its unit tests under Prometheus' own promtool and under {@code fluxtap rules test} alike.
 */
class ShippedRulesTest {

    private static final Path TESTS = Path.of("src/test/rules/fluxtap-self.test.yml");
    private static final Path RULES = Path.of("src/main/dist/conf/rules/fluxtap.yml");

    @Test
    void promtoolPassesTheUnitTestsAndChecksTheFile() throws Exception {
        assertEquals("", promtool("test", "rules", TESTS.toString()).replaceAll("(?m)^(Unit Testing:.*|\\s*SUCCESS)$", "")
                .strip());
        assertTrue(promtool("check", "rules", RULES.toString()).contains("SUCCESS: 8 rules found"));
    }

    @Test
    void fluxtapRulesTestPassesTheSameUnitTests() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RulesMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "test", TESTS.toString());
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private static String promtool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
