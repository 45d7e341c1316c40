package io.fluxtap.alerting.matchers;

import io.fluxtap.api.Labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A conjunction of matchers, sorted as Alertmanager's {@code labels.Matchers} (name, then value, then operator in the
 * order = != =~ !~), so that its string form is the route-key part it renders: {@code {env="prod",team=~"a|b"}}.
 *
 * @param list the matchers, sorted
 */
public record Matchers(List<Matcher> list) {

    public static final Matchers NONE = new Matchers(List.of());

    private static final Comparator<Matcher> ORDER = Comparator.comparing(Matcher::name)
            .thenComparing(Matcher::value)
            .thenComparing(Matcher::type);

    public Matchers {
        List<Matcher> sorted = new ArrayList<>(list);
        sorted.sort(ORDER);
        list = List.copyOf(sorted);
    }

    /** Every matcher matches (an empty list matches everything). */
    public boolean matches(Labels labels) {
        for (Matcher m : list) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    @Override
    public String toString() {
        return list.stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
