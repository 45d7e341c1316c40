package io.fluxtap.ui.testing;

import io.fluxtap.ui.ServiceLookup;

import java.util.List;

/** A service lookup over a fixed set of objects, standing in for the CDI container. */
public final class MapServiceLookup implements ServiceLookup {

    private final List<Object> services;

    private MapServiceLookup(List<Object> services) {
        this.services = services;
    }

    public static MapServiceLookup of(Object... services) {
        return new MapServiceLookup(List.of(services));
    }

    @Override
    public <T> T get(Class<T> type) {
        List<T> matches = all(type);
        if (matches.size() != 1) {
            throw new IllegalStateException(matches.size() + " services of type " + type.getName());
        }
        return matches.getFirst();
    }

    @Override
    public <T> List<T> all(Class<T> type) {
        return services.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
