package io.fluxtap.alerting.rules;

import java.util.List;

/**
 * A parsed and validated rule file.
 *
 * @param file     the path as given (what errors and the rules API name it by)
 * @param groups   in file order
 * @param warnings what Prometheus logs but accepts (a second YAML document, which is ignored)
 */
public record RuleFile(String file, List<RuleGroupSpec> groups, List<String> warnings) {

    public RuleFile {
        groups = List.copyOf(groups);
        warnings = List.copyOf(warnings);
    }
}
