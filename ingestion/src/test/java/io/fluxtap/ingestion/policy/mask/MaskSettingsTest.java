package io.fluxtap.ingestion.policy.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.ingestion.policy.mask.Replacements.PanMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskSettingsTest {

    private static MaskSettings read(String pan, String key, String attributes) {
        return MaskSettings.read(true, pan, Optional.ofNullable(key), Optional.empty(), Optional.ofNullable(attributes),
                null);
    }

    @Test
    void defaultsTruncateWithoutAKey() {
        MaskSettings settings = read("truncate", null, null);
        assertTrue(settings.enabled());
        assertEquals(PanMode.TRUNCATE, settings.pan());
        assertTrue(settings.attributes().isEmpty());
    }

    @Test
    void theIssuesExampleParses() {
        Map<String, MaskAction> rules = MaskSettings.parseAttributes("user.email=token, "
                + "http.request.header.authorization=drop,card.bin=truncate,ssn=regex:\\d{3}-\\d{2}-(\\d{4}):***-**-$1");
        assertEquals(List.of("user.email", "http.request.header.authorization", "card.bin", "ssn"),
                List.copyOf(rules.keySet()));
        assertInstanceOf(MaskAction.Token.class, rules.get("user.email"));
        assertInstanceOf(MaskAction.Drop.class, rules.get("http.request.header.authorization"));
        assertInstanceOf(MaskAction.Truncate.class, rules.get("card.bin"));
        MaskAction ssn = rules.get("ssn");
        assertEquals("id ***-**-6789", ssn.apply("id 123-45-6789", null));
    }

    @Test
    void aRegexMayHoldColonsAndEscapedCommas() {
        Map<String, MaskAction> rules = MaskSettings.parseAttributes("a=regex:(?:x|y)\\d{2\\,3}:#,b=drop");
        assertEquals("#-#", rules.get("a").apply("x12-y123", null));
        assertInstanceOf(MaskAction.Drop.class, rules.get("b"));
    }

    @Test
    void brokenEntriesAreRefusedByName() {
        assertRefused("user.email=hash", "entry 'user.email=hash'", "unknown action 'hash'");
        assertRefused("user.email", "entry 'user.email'", "key=action");
        assertRefused("=drop", "entry '=drop'", "key=action");
        assertRefused("a=drop,,b=drop", "empty entry");
        assertRefused("a=drop,a=token", "entry 'a=token'", "has a rule already");
        assertRefused("ssn=regex:(\\d{3}:x", "entry 'ssn=regex:(\\d{3}:x'", "not a regular expression");
        assertRefused("ssn=regex:\\d+", "a regex action is regex:<pattern>:<replacement>");
        assertRefused("ssn=regex:(\\d+):$2", "names group $2 but the pattern has 1");
        assertRefused("ssn=regex:(?<d>\\d+):${e}", "names group ${e}");
    }

    private static void assertRefused(String attributes, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskSettings.parseAttributes(attributes));
        assertTrue(e.getMessage().contains(MaskSettings.ATTRIBUTES), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void aTokenWithoutAKeyOrWithAShortOneStopsStartUp() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> read("token", null, null));
        assertTrue(none.getMessage().contains("fluxtap.mask.token-key"), none.getMessage());
        IllegalArgumentException rule = assertThrows(IllegalArgumentException.class,
                () -> read("truncate", null, "user.email=token"));
        assertTrue(rule.getMessage().contains("fluxtap.mask.token-key"), rule.getMessage());
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> read("token", "fifteen-bytes!!", null));
        assertTrue(shortKey.getMessage().contains("fluxtap.mask.token-key must hold at least 16 bytes for an HMAC-SHA256 key, has 15"),
                shortKey.getMessage());
        assertTrue(read("token", "sixteen-bytes!!!", null).key().isPresent());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> read("hash", null, null));
        assertTrue(mode.getMessage().contains("fluxtap.mask.pan must be truncate or token, was 'hash'"));
    }

    @Test
    void aKeyFileLosesItsLineEnd(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("key"), "0123456789abcdef\n");
        MaskSettings fromFile = MaskSettings.read(true, "token", Optional.empty(), Optional.of("key"), Optional.empty(),
                dir.toString());
        MaskSettings fromText = read("token", "0123456789abcdef", null);
        assertTrue(fromFile.key().orElseThrow().sameAs(fromText.key().orElseThrow()));
        Files.write(dir.resolve("short"), "0123456789\n".getBytes(StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskSettings.read(true,
                "token", Optional.empty(), Optional.of("short"), Optional.empty(), dir.toString()));
        assertTrue(e.getMessage().contains("fluxtap.mask.token-key-file (short) must hold at least 16 bytes"),
                e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> MaskSettings.read(true,
                "token", Optional.empty(), Optional.of("nope"), Optional.empty(), dir.toString()));
        assertTrue(missing.getMessage().startsWith("fluxtap.mask.token-key-file: cannot read"), missing.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> MaskSettings.read(true,
                "token", Optional.of("0123456789abcdef"), Optional.of("key"), Optional.empty(), dir.toString()));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void offNeedsNoKey() {
        MaskSettings off = MaskSettings.read(false, "token", Optional.empty(), Optional.empty(), Optional.empty(), null);
        assertFalse(off.enabled());
    }
}
