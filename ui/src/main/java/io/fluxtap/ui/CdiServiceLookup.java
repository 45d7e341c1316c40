package io.fluxtap.ui;

import jakarta.enterprise.inject.Instance;

import java.util.List;

/** Resolves services from the CDI container on each call, so the dashboard sees the server's own beans. */
final class CdiServiceLookup implements ServiceLookup {

    private final Instance<Object> beans;

    CdiServiceLookup(Instance<Object> beans) {
        this.beans = beans;
    }

    @Override
    public <T> T get(Class<T> type) {
        Instance<T> candidates = beans.select(type);
        if (!candidates.isResolvable()) {
            throw new IllegalStateException((candidates.isUnsatisfied() ? "no" : "more than one")
                    + " CDI bean of type " + type.getName());
        }
        return candidates.get();
    }

    @Override
    public <T> List<T> all(Class<T> type) {
        return beans.select(type).stream().toList();
    }
}
