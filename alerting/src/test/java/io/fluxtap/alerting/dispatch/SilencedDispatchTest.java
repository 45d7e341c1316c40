package io.fluxtap.alerting.dispatch;

import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.notify.MemoryNflogStore;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.alerting.silence.MemorySilenceStore;
import io.fluxtap.alerting.silence.Silence;
import io.fluxtap.alerting.silence.Silences;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.fluxtap.alerting.dispatch.Harness.T0;
import static io.fluxtap.alerting.dispatch.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SilencedDispatchTest {

    @Test
    void aSilenceMutesUntilItIsExpired() throws Exception {
        RouteMatch root = new RouteMatch("{}", "{}", Harness.opts("team", Set.of("alertname"), false, s(30),
                s(300), Duration.ofHours(4)));
        Silences[] silences = new Silences[1];
        Harness h = new Harness(labels -> List.of(root), Map.of("team", true), (l, t) -> false,
                (labels, at) -> silences[0].mutes(labels, at), new MemoryNflogStore());
        silences[0] = new Silences(h.scheduler, new MemorySilenceStore(), Silences.DEFAULT_RETENTION, h.marker);
        String id = silences[0].set(Silence.of(List.of(new Matcher(Matcher.Type.EQUAL, "instance", "a")), T0,
                T0.plus(Duration.ofHours(1)), "me", "maintenance"));

        h.fire("Down", "a", s(0));
        h.fire("Down", "b", s(0));
        h.at(s(30));
        assertEquals(List.of(List.of("b")), h.sent.stream().map(Harness.Sent::firing).toList());
        Labels a = Harness.labels("Down", "a");
        assertEquals(new AlertMarker.Status(AlertMarker.State.SUPPRESSED, List.of(id), List.of(), List.of()),
                h.marker.status(a.fingerprint()));

        h.at(s(100));
        silences[0].expire(id);
        h.at(s(329));
        assertEquals(1, h.sent.size());
        h.at(s(330));
        assertEquals(List.of(List.of("b"), List.of("a", "b")), h.sent.stream().map(Harness.Sent::firing).toList());
        assertEquals(AlertMarker.State.ACTIVE, h.marker.status(a.fingerprint()).state());
    }
}
