package io.fluxtap.alerting.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule file of README.md's "Alerting rules" section is valid as pasted; storage's {@code ReadmeSqlRuleTest} runs
 * its statement over a real store.
 */
class ReadmeRuleExampleTest {

    @Test
    void theReadmesSqlRuleFileLoads() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("## Alerting rules");
        assertTrue(section >= 0, "README.md has an Alerting rules section");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        RuleFileParser.Result result = new RuleFileParser(new FakePromql(), new FakeTemplates(), NameValidation.UTF8,
                false).parse("README.md", yaml);
        assertTrue(result.ok(), result.errors().toString());
        RuleSpec rule = result.ruleFile().groups().get(0).rules().get(0);
        assertEquals("ErrorBurst", rule.alert());
        assertTrue(rule.sql().startsWith("SELECT entity_name AS service, count(*) AS value FROM logs"), rule.sql());
    }
}
