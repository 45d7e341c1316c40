package io.fluxtap.alerting.persist;

import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.notify.NflogEntry;
import io.fluxtap.alerting.notify.ReceiverKey;
import io.fluxtap.alerting.rules.AlertInstance;
import io.fluxtap.alerting.rules.AlertState;
import io.fluxtap.alerting.rules.AlertStateStore.RuleAlerts;
import io.fluxtap.alerting.silence.Silence;
import io.fluxtap.alerting.silence.SilenceStore;
import io.fluxtap.api.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every field of every record through the JSON documents and back, over an in-memory port. */
class StateStoreAdaptersTest {

    private static final Instant T = Instant.parse("2026-11-22T10:00:00.123456789Z");

    private final MemoryStateStore port = new MemoryStateStore();

    @Test
    void notificationLogEntriesRoundTripExactly() {
        NflogEntry entry = new NflogEntry("{}/{env=\"prod\"}:{alertname=\"A\\\"B\", x=\"\\n\"}",
                new ReceiverKey("team/ops \"x\"", "pagerduty", 2), T,
                List.of(0xa105e054dfb59f59L, Long.MIN_VALUE, Long.MAX_VALUE, 0L), List.of(-1L),
                T.plusSeconds(432_000).plusNanos(1));
        NflogEntry other = new NflogEntry("{}:{}", new ReceiverKey("team/ops \"x\"", "pagerduty", 3), T, List.of(),
                List.of(), T.plusSeconds(60));
        new StateStoreNflogStore(port).save(entry);
        new StateStoreNflogStore(port).save(other);

        List<NflogEntry> loaded = List.copyOf(new StateStoreNflogStore(port).load());
        assertEquals(2, loaded.size(), "the index is part of the key");
        assertTrue(loaded.contains(entry), loaded.toString());
        assertTrue(loaded.contains(other));
        assertEquals(T.plusSeconds(432_000).plusNanos(1), port.load("nflog").stream()
                .filter(e -> e.json().contains("\"index\":2")).findFirst().orElseThrow().expiresAt(),
                "the entry's expiry is the document's");

        new StateStoreNflogStore(port).delete(entry.groupKey(), entry.receiver());
        assertEquals(List.of(other), List.copyOf(new StateStoreNflogStore(port).load()));
        port.now = T.plusSeconds(61);
        assertEquals(List.of(), List.copyOf(new StateStoreNflogStore(port).load()), "expired with its entry");
    }

    @Test
    void silencesRoundTripWithEveryMatcherType() {
        Silence silence = new Silence("8f3c0c3e-4b5e-4c47-9b0e-1d2f3a4b5c6d", List.of(
                new Matcher(Matcher.Type.EQUAL, "alertname", "Disk \"full\""),
                new Matcher(Matcher.Type.NOT_EQUAL, "env", ""),
                new Matcher(Matcher.Type.REGEX, "instance", "db-[0-9]+\\.example\\.com:.*"),
                new Matcher(Matcher.Type.NOT_REGEX, "team", "web|ui")),
                T, T.plusSeconds(3600).plusNanos(7), T.minusNanos(1), "amtool \u00e9", "line one\nline two");
        SilenceStore.Stored stored = new SilenceStore.Stored(silence, T.plusSeconds(3600 + 432_000));
        new StateStoreSilenceStore(port).save(stored);

        assertEquals(List.of(stored), List.copyOf(new StateStoreSilenceStore(port).load()));
        Silence loaded = new StateStoreSilenceStore(port).load().iterator().next().silence();
        assertTrue(loaded.matches(io.fluxtap.api.Labels.of("alertname", "Disk \"full\"", "env", "prod",
                "instance", "db-7.example.com:9100", "team", "db")), "the regexes work after the trip");

        new StateStoreSilenceStore(port).delete(silence.id());
        assertEquals(List.of(), List.copyOf(new StateStoreSilenceStore(port).load()));
    }

    @Test
    void ruleAlertsRoundTripIncludingNullTimesAndValuesThatAreNotFinite() {
        AlertInstance firing = new AlertInstance(Map.of("alertname", "Down", "instance", "a:1"),
                Map.of("summary", "a:1 is down", "runbook", ""), AlertState.FIRING, Double.NaN, T, T.plusSeconds(120),
                null, T.plusSeconds(180).plusNanos(1), T.plusSeconds(420), null);
        AlertInstance resolved = new AlertInstance(Map.of("alertname", "Down", "instance", "b:1"), Map.of(),
                AlertState.INACTIVE, Double.POSITIVE_INFINITY, T, T.plusSeconds(60), T.plusSeconds(240), T, T,
                T.plusSeconds(200));
        AlertInstance pending = new AlertInstance(Map.of("alertname", "Down"), Map.of(), AlertState.PENDING,
                -0.5e-300, T, null, null, null, null, null);
        new StateStoreAlertStateStore(port).save("rules.yml;api", List.of(new RuleAlerts("Down", 1, List.of(firing, resolved, pending))));

        StateStoreAlertStateStore restarted = new StateStoreAlertStateStore(port);
        assertEquals(List.of(firing, resolved, pending), restarted.load("rules.yml;api", "Down", 1));
        assertEquals(List.of(), restarted.load("rules.yml;api", "Down", 0), "another occurrence of the name");
        assertEquals(List.of(), restarted.load("rules.yml;api2", "Down", 1));
    }

    @Test
    void unchangedAlertsAreNotWrittenAgainAndNoAlertsRemoveTheDocument() {
        AlertInstance pending = new AlertInstance(Map.of("alertname", "Down"), Map.of(), AlertState.PENDING, 1, T,
                null, null, null, null, null);
        StateStoreAlertStateStore store = new StateStoreAlertStateStore(port);
        store.save("g", List.of(new RuleAlerts("Down", 0, List.of())));
        store.save("g", List.of(new RuleAlerts("Down", 0, List.of(pending))));
        store.save("g", List.of(new RuleAlerts("Down", 0, List.of(pending))));
        assertEquals(1, port.puts);
        assertEquals(0, port.deletes, "nothing to delete while nothing was stored");

        StateStoreAlertStateStore restarted = new StateStoreAlertStateStore(port);
        restarted.save("g", List.of(new RuleAlerts("Down", 0, List.of(pending))));
        assertEquals(1, port.puts, "what the store held before the restart counts as written");
        restarted.save("g", List.of(new RuleAlerts("Down", 0, List.of())));
        assertEquals(1, port.deletes);
        assertEquals(List.of(), port.load(StateStoreAlertStateStore.NAMESPACE));
    }

    @Test
    void aGroupsChangedRulesAreSavedInOneWrite() {
        AlertInstance pending = new AlertInstance(Map.of("alertname", "Down"), Map.of(), AlertState.PENDING, 1, T,
                null, null, null, null, null);
        AlertInstance firing = new AlertInstance(Map.of("alertname", "Up"), Map.of(), AlertState.FIRING, 2, T, T,
                null, null, null, null);
        StateStoreAlertStateStore store = new StateStoreAlertStateStore(port);
        store.save("g", List.of(new RuleAlerts("Down", 0, List.of(pending)), new RuleAlerts("Up", 0, List.of(firing)),
                new RuleAlerts("Down", 1, List.of())));
        assertEquals(1, port.writes);
        assertEquals(2, port.puts);

        store.save("g", List.of(new RuleAlerts("Down", 0, List.of(pending)), new RuleAlerts("Up", 0, List.of())));
        assertEquals(2, port.writes, "the unchanged rule is not written again; the one without alerts is deleted");
        assertEquals(2, port.puts);
        assertEquals(1, port.deletes);
        StateStoreAlertStateStore restarted = new StateStoreAlertStateStore(port);
        assertEquals(List.of(pending), restarted.load("g", "Down", 0));
        assertEquals(List.of(), restarted.load("g", "Up", 0));

        restarted.save("g", List.of(new RuleAlerts("Down", 0, List.of(pending))));
        assertEquals(2, port.writes, "nothing changed, nothing written");
    }

    @Test
    void documentsThatCannotBeReadAreSkipped() {
        Silence silence = new Silence("id-1", List.of(new Matcher(Matcher.Type.EQUAL, "a", "b")), T, T.plusSeconds(1),
                T, "", "");
        new StateStoreSilenceStore(port).save(new SilenceStore.Stored(silence, T.plusSeconds(100)));
        new StateStoreSilenceStore(port).save(new SilenceStore.Stored(
                new Silence("id-2", List.of(), T, T.plusSeconds(1), T, "", ""), T.plusSeconds(100)));
        port.corrupt("silences", "id-2", "{\"id\":\"id-2\",\"matchers\":[{\"type\":\"<>\",\"name\":\"a\",\"value\":\"b\"}]}");
        port.put("alerts", "[\"g\",\"Down\",0]", "{\"not\":\"an array\"}", null);

        assertEquals(List.of("id-1"), new StateStoreSilenceStore(port).load().stream()
                .map(s -> s.silence().id()).toList());
        assertEquals(List.of(), new StateStoreAlertStateStore(port).load("g", "Down", 0));
    }

    @Test
    void keysOfSeveralPartsCannotCollide() {
        StateStore.Entry[] none = {};
        new StateStoreNflogStore(port).save(new NflogEntry("a\"", new ReceiverKey("b", "webhook", 0), T, List.of(),
                List.of(), T.plusSeconds(60)));
        new StateStoreNflogStore(port).save(new NflogEntry("a", new ReceiverKey("\"b", "webhook", 0), T, List.of(),
                List.of(), T.plusSeconds(60)));
        assertEquals(2, port.load("nflog").toArray(none).length);
    }
}
