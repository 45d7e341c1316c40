package io.fluxtap.ingestion.policy.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md's "Masking" example, read as conf/fluxtap.properties reads it, works as pasted. */
class ReadmeMaskingExampleTest {

    @Test
    void theReadmesPropertiesTokenizeDropAndRewrite(@TempDir Path home) throws IOException {
        Matcher block = Pattern.compile("<!-- example: mask-properties -->\\s*```properties\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../README.md")));
        assertTrue(block.find(), "README.md has the mask-properties example");
        Properties properties = new Properties();
        properties.load(new StringReader(block.group(1)));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/mask.key"), ReplacementsTest.KEY + "\n");

        MaskSettings settings = MaskSettings.read(true, properties.getProperty(MaskSettings.PAN),
                Optional.ofNullable(properties.getProperty(MaskSettings.TOKEN_KEY)),
                Optional.ofNullable(properties.getProperty(MaskSettings.TOKEN_KEY_FILE)),
                Optional.ofNullable(properties.getProperty(MaskSettings.ATTRIBUTES)), home.toString());
        MaskingStage stage = new MaskingStage(settings, List.of(), new MaskMetrics());
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        LogRecord log = new LogRecord(t, t, null, null, null, null, "shop", null, Level.INFO, 9,
                "paid with 4111 1111 1111 1111", Map.of("user.email", "alice@example.com",
                "http.request.header.authorization", "Bearer x", "ssn", "123-45-6789"), Map.of());

        LogRecord masked = stage.onLogs(List.of(log)).get(0);
        assertEquals("paid with " + ReplacementsTest.hmacUnchecked("4111111111111111"), masked.body());
        assertEquals(ReplacementsTest.hmacUnchecked("alice@example.com"), masked.attributes().get("user.email"));
        assertFalse(masked.attributes().containsKey("http.request.header.authorization"));
        assertEquals("***-**-6789", masked.attributes().get("ssn"));
    }
}
