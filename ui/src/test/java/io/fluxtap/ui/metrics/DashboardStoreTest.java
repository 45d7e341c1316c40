package io.fluxtap.ui.metrics;

import io.fluxtap.ui.chart.ChartUnit;
import io.fluxtap.ui.testing.InMemoryStateStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardStoreTest {

    private final InMemoryStateStore state = new InMemoryStateStore();
    private final DashboardStore store = new DashboardStore(state);

    @Test
    void dashboardsRoundTripThroughTheirJsonDocumentsWithUniqueIds() {
        Panel a = new Panel("Requests", "rate(http_requests_total[5m])", ChartUnit.PER_SECOND);
        Panel b = new Panel("Latency \"p99\"", "histogram_quantile(0.99, x)", ChartUnit.SECONDS);
        Dashboard first = store.create("Checkout / API", List.of(a, b));
        Dashboard second = store.create("checkout api", List.of());

        assertEquals("checkout-api", first.id());
        assertEquals("checkout-api-2", second.id());
        assertEquals(List.of(first, second), new DashboardStore(state).list());
        assertEquals(1, state.load("dashboards").stream().filter(e -> e.json().contains("\"unit\":\"SECONDS\"")).count());
    }

    @Test
    void panelsAreReorderedEditedAndDeleted() {
        Panel a = new Panel("A", "a", ChartUnit.NONE);
        Panel b = new Panel("B", "b", ChartUnit.NONE);
        Panel c = new Panel("C", "c", ChartUnit.NONE);
        Dashboard d = store.create("D", List.of(a, b, c));
        assertEquals(List.of(b, a, c), d.moving(1, -1).panels());
        assertEquals(List.of(a, b, c), d.moving(0, -1).panels());
        assertEquals(List.of(a, c, b), d.moving(1, 5).panels());
        assertEquals(List.of(c, a, b), d.movingTo(2, 0).panels());
        assertEquals(List.of(b, c, a), d.movingTo(0, 2).panels());
        assertEquals(d, d.movingTo(1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> d.movingTo(3, 0));
        assertEquals(List.of(a, c), d.without(1).panels());
        store.save(d.renamed("Renamed").replacing(0, new Panel("A2", "a2", ChartUnit.BYTES)));
        Dashboard read = store.get(d.id()).orElseThrow();
        assertEquals("Renamed", read.name());
        assertEquals(new Panel("A2", "a2", ChartUnit.BYTES), read.panels().getFirst());
        store.delete(d.id());
        assertTrue(store.list().isEmpty());
    }

    @Test
    void anUnreadableDocumentIsLeftOutNotFatal() {
        state.put("dashboards", "broken", "{\"name\": \"x\", \"panels\": [{\"title\": \"t\", \"query\": \"q\", \"unit\": \"FURLONGS\"}]}", null);
        store.create("Fine", List.of());
        assertEquals(List.of("Fine"), store.list().stream().map(Dashboard::name).toList());
    }
}
