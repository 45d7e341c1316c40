package io.fluxtap.storage.promql.eval;

import io.fluxtap.storage.promql.parse.ParseErrors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The warnings and infos a query collects, each ending with the position of the expression it is about. */
public final class Annotations {

    private final String query;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final Set<String> infos = new LinkedHashSet<>();

    Annotations(String query) {
        this.query = query;
    }

    public void warn(String message, int pos) {
        warnings.add("PromQL warning: " + message + " (" + ParseErrors.position(query, pos) + ")");
    }

    public void info(String message, int pos) {
        infos.add("PromQL info: " + message + " (" + ParseErrors.position(query, pos) + ")");
    }

    List<String> warnings() {
        return new ArrayList<>(warnings);
    }

    List<String> infos() {
        return new ArrayList<>(infos);
    }
}
