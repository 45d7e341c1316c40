package io.fluxtap.ui.testing;

import io.fluxtap.api.alerts.AlertControl;
import io.fluxtap.api.alerts.AlertEntry;
import io.fluxtap.api.alerts.NotificationEntry;
import io.fluxtap.api.alerts.RuleGroupEntry;
import io.fluxtap.api.alerts.SilenceEntry;
import io.fluxtap.api.alerts.SilenceMatcher;
import io.fluxtap.api.alerts.SilenceRequest;
import io.fluxtap.api.alerts.SilenceRequestException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The alerting port as the page sees it, in memory: silences mute the alerts their matchers match. The real one over
 * alerting's silences and alert store is tested in the alerting module ({@code AlertingControlTest}).
 */
public final class InMemoryAlertControl implements AlertControl {

    private final List<AlertEntry> alerts = new CopyOnWriteArrayList<>();
    private final List<RuleGroupEntry> groups = new CopyOnWriteArrayList<>();
    private final List<SilenceEntry> silences = new CopyOnWriteArrayList<>();
    private final List<NotificationEntry> notifications = new CopyOnWriteArrayList<>();
    private final List<String> receivers = new CopyOnWriteArrayList<>();

    public void fire(AlertEntry alert) {
        alerts.add(alert);
    }

    public void load(RuleGroupEntry group) {
        groups.add(group);
    }

    public void notified(NotificationEntry entry) {
        if (!receivers.contains(entry.receiver())) {
            receivers.add(entry.receiver());
        }
        notifications.add(entry);
    }

    @Override
    public List<AlertEntry> alerts() {
        Instant now = Instant.now();
        List<AlertEntry> out = new ArrayList<>();
        for (AlertEntry a : alerts) {
            List<String> by = silences.stream().filter(s -> state(s, now).equals("active"))
                    .filter(s -> s.matchers().stream().allMatch(m -> matches(m, a.labels())))
                    .map(SilenceEntry::id).toList();
            out.add(new AlertEntry(a.fingerprint(), a.labels(), a.annotations(), a.state(), a.since(), a.value(), by,
                    a.inhibitedBy()));
        }
        return out;
    }

    private static boolean matches(SilenceMatcher m, Map<String, String> labels) {
        String value = labels.getOrDefault(m.name(), "");
        return switch (m.operator()) {
            case "=" -> value.equals(m.value());
            case "!=" -> !value.equals(m.value());
            case "=~" -> value.matches(m.value());
            case "!~" -> !value.matches(m.value());
            default -> throw new IllegalArgumentException(m.operator());
        };
    }

    @Override
    public List<RuleGroupEntry> ruleGroups() {
        return List.copyOf(groups);
    }

    @Override
    public List<SilenceEntry> silences() {
        Instant now = Instant.now();
        return silences.stream().map(s -> new SilenceEntry(s.id(), s.matchers(), s.createdBy(), s.comment(),
                s.startsAt(), s.endsAt(), state(s, now))).toList();
    }

    private static String state(SilenceEntry s, Instant now) {
        return now.isBefore(s.startsAt()) ? "pending" : now.isAfter(s.endsAt()) ? "expired" : "active";
    }

    @Override
    public String createSilence(SilenceRequest request) {
        if (request.matchers().isEmpty()) {
            throw new SilenceRequestException("a silence needs at least one matcher");
        }
        if (!request.startsAt().isBefore(request.endsAt())) {
            throw new SilenceRequestException("Failed to create silence: start time must be before end time");
        }
        if (!request.id().isEmpty()) {
            expireSilence(request.id());
        }
        String id = UUID.randomUUID().toString();
        silences.add(new SilenceEntry(id, request.matchers(), request.createdBy(), request.comment(),
                request.startsAt(), request.endsAt(), "active"));
        return id;
    }

    @Override
    public void expireSilence(String id) {
        SilenceEntry s = silences.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new SilenceRequestException("silence " + id + " not found"));
        Instant now = Instant.now();
        silences.set(silences.indexOf(s), new SilenceEntry(s.id(), s.matchers(), s.createdBy(), s.comment(),
                s.startsAt().isAfter(now) ? now.minusMillis(1) : s.startsAt(), now.minusMillis(1), "expired"));
    }

    @Override
    public List<String> receivers() {
        return List.copyOf(receivers);
    }

    @Override
    public List<NotificationEntry> notifications(String receiver, Instant from, Instant to, int limit) {
        return notifications.stream().filter(n -> receiver == null || n.receiver().equals(receiver))
                .filter(n -> !n.ts().isBefore(from) && !n.ts().isAfter(to)).limit(limit).toList();
    }
}
