package io.fluxtap.alerting.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RuleFilesTest {

    @TempDir
    Path home;

    private Path touch(String relative) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "groups: []\n");
        return file;
    }

    @Test
    void theDefaultGlobResolvesAgainstTheInstallation() throws IOException {
        Path b = touch("conf/rules/b.yml");
        Path a = touch("conf/rules/a.yml");
        touch("conf/rules/notes.txt");
        touch("conf/rules/sub/c.yml");
        assertEquals(List.of(a, b), RuleFiles.resolve(RuleSettings.DEFAULT_RULE_FILES, home.toString()),
                "* stays within its directory, as filepath.Glob");
    }

    @Test
    void listsOfFilesAndGlobsInAnyElementAbsoluteOnesAsThey() throws IOException {
        Path x = touch("team-a/rules/x.yaml");
        Path y = touch("team-b/rules/y.yaml");
        Path single = touch("one.yml");
        assertEquals(List.of(single, x, y), RuleFiles.resolve(" one.yml , team-*/rules/*.yaml,one.yml",
                home.toString()), "each file once, in pattern order");
        Path other = Files.createTempDirectory("rules-abs");
        Path abs = Files.writeString(other.resolve("abs.yml"), "");
        assertEquals(List.of(abs), RuleFiles.resolve(other + "/*.yml", home.toString()));
    }

    @Test
    void nothingMatchingIsNoFileNotAnError() {
        assertEquals(List.of(), RuleFiles.resolve("missing.yml,conf/none/*.yml", home.toString()));
    }

    @Test
    void withoutAnInstallationRelativePatternsResolveAgainstTheWorkingDirectory() {
        Path expected = Path.of("../../shared/conformance/rules/promtool/rules.yml");
        assertEquals(List.of(expected.normalize()),
                RuleFiles.resolve("../../shared/conformance/rules/promtool/rule?.yml", null));
    }
}
