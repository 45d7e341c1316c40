package io.fluxtap.alerting.provider;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AlertMarkerTest {

    @Test
    void silencedAndInhibitedAreKeptApartAndEitherSuppresses() {
        AlertMarker marker = new AlertMarker();
        assertEquals(AlertMarker.Status.UNPROCESSED, marker.status(1L));
        marker.setInhibited(1L, List.of("00000000000000ff"));
        assertEquals(new AlertMarker.Status(AlertMarker.State.SUPPRESSED, List.of(), List.of(),
                List.of("00000000000000ff")), marker.status(1L));
        marker.setSilenced(1L, List.of(), List.of("pending-id"));
        assertEquals(AlertMarker.State.SUPPRESSED, marker.status(1L).state(), "still inhibited");
        marker.setInhibited(1L, List.of());
        assertEquals(new AlertMarker.Status(AlertMarker.State.ACTIVE, List.of(), List.of("pending-id"), List.of()),
                marker.status(1L), "a pending silence does not suppress");
        marker.setSilenced(1L, List.of("active-id"), List.of());
        assertEquals(List.of("active-id"), marker.status(1L).silencedBy());
        assertEquals(AlertMarker.State.SUPPRESSED, marker.status(1L).state());
        marker.delete(1L);
        assertEquals(AlertMarker.Status.UNPROCESSED, marker.status(1L));
    }
}
