package io.fluxtap.alerting.dispatch;

import java.util.List;
import java.util.Map;

/**
 * The dispatcher's groups as the API v2 reads them.
 *
 * @param groups    sorted by labels, then receiver
 * @param receivers per alert fingerprint, the receivers of every group it is in, sorted
 */
public record AlertGroups(List<AlertGroup> groups, Map<Long, List<String>> receivers) {
}
