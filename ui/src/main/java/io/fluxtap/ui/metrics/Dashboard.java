package io.fluxtap.ui.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A named, ordered list of panels.
 *
 * @param id     the key in the store and the address ({@code /metrics/<id>}): lower-case letters, digits and dashes
 * @param name   what the user called it
 * @param panels in the order they are shown
 */
public record Dashboard(String id, String name, List<Panel> panels) {

    public Dashboard {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("not a dashboard id: " + id);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a dashboard needs a name");
        }
        name = name.strip();
        panels = List.copyOf(panels);
    }

    /** An id readable in the address, derived from the name; {@link DashboardStore#create} makes it unique. */
    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "dashboard" : slug;
    }

    public Dashboard renamed(String newName) {
        return new Dashboard(id, newName, panels);
    }

    public Dashboard withPanel(Panel panel) {
        List<Panel> list = new ArrayList<>(panels);
        list.add(panel);
        return new Dashboard(id, name, list);
    }

    public Dashboard replacing(int index, Panel panel) {
        List<Panel> list = new ArrayList<>(panels);
        list.set(index, panel);
        return new Dashboard(id, name, list);
    }

    public Dashboard without(int index) {
        List<Panel> list = new ArrayList<>(panels);
        list.remove(index);
        return new Dashboard(id, name, list);
    }

    /** The panel at {@code index} moved by {@code by} places (negative: up), clamped to the ends. */
    public Dashboard moving(int index, int by) {
        int target = Math.max(0, Math.min(panels.size() - 1, index + by));
        List<Panel> list = new ArrayList<>(panels);
        list.add(target, list.remove(index));
        return new Dashboard(id, name, list);
    }

    /**
     * The panel at {@code from} dropped on the panel at {@code to}: it takes that place and the panels between move
     * one place towards where it came from (dragging the third onto the first gives third, first, second).
     */
    public Dashboard movingTo(int from, int to) {
        if (from < 0 || from >= panels.size() || to < 0 || to >= panels.size()) {
            throw new IndexOutOfBoundsException("no panel " + from + " or " + to + " of " + panels.size());
        }
        return moving(from, to - from);
    }
}
