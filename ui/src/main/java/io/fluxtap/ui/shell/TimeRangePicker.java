package io.fluxtap.ui.shell;

import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import io.fluxtap.api.DurationText;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The shell's range and refresh controls. It only reports a new {@link TimeRange}; the shell puts it into the
 * address. Absolute times are UTC, as every time the dashboard prints.
 */
public final class TimeRangePicker extends HorizontalLayout {

    static final String CUSTOM = "Custom";
    private static final String OFF = "off";

    private final Select<String> range = new Select<>();
    private final DateTimePicker from = new DateTimePicker();
    private final DateTimePicker to = new DateTimePicker();
    private final Select<String> refresh = new Select<>();
    private final Clock clock;
    private final Consumer<TimeRange> onChange;
    private TimeRange current;

    public TimeRangePicker(Clock clock, Consumer<TimeRange> onChange) {
        this.clock = clock;
        this.onChange = onChange;
        List<String> ranges = new ArrayList<>(TimeRange.PRESETS.stream().map(DurationText::format).toList());
        ranges.add(CUSTOM);
        range.setId("time-range");
        range.setItems(ranges);
        range.setItemLabelGenerator(r -> CUSTOM.equals(r) ? "Custom range" : "Last " + r);
        range.setWidth("10em");
        List<String> refreshes = new ArrayList<>(List.of(OFF));
        refreshes.addAll(TimeRange.REFRESH_CHOICES.stream().map(DurationText::format).toList());
        refresh.setId("refresh-interval");
        refresh.setItems(refreshes);
        refresh.setItemLabelGenerator(r -> OFF.equals(r) ? "No refresh" : "Every " + r);
        refresh.setWidth("9em");
        from.setId("range-from");
        to.setId("range-to");
        from.setStep(Duration.ofMinutes(1));
        to.setStep(Duration.ofMinutes(1));
        from.setAriaLabel("From (UTC)");
        to.setAriaLabel("To (UTC)");

        range.addValueChangeListener(e -> { if (e.isFromClient()) rangeChosen(e.getValue()); });
        refresh.addValueChangeListener(e -> { if (e.isFromClient() && current.isRelative()) {
            onChange.accept(current.withRefresh(OFF.equals(e.getValue()) ? null : DurationText.parse(e.getValue())));
        } });
        from.addValueChangeListener(e -> { if (e.isFromClient()) customChosen(); });
        to.addValueChangeListener(e -> { if (e.isFromClient()) customChosen(); });

        setId("time-range-picker");
        setSpacing(false);
        getStyle().set("gap", "var(--lumo-space-xs)").set("flex-wrap", "wrap");
        setAlignItems(FlexComponent.Alignment.CENTER);
        add(range, from, to, refresh);
    }

    /** Shows {@code shown} without reporting it back. */
    public void show(TimeRange shown) {
        current = shown;
        boolean custom = !shown.isRelative();
        range.setValue(custom ? CUSTOM : presetOrCustom(shown.last()));
        from.setVisible(custom || !TimeRange.PRESETS.contains(shown.last()));
        to.setVisible(from.isVisible());
        from.setValue(LocalDateTime.ofInstant(shown.start(clock), ZoneOffset.UTC));
        to.setValue(LocalDateTime.ofInstant(shown.end(clock), ZoneOffset.UTC));
        refresh.setEnabled(!custom);
        refresh.setValue(shown.refresh() == null ? OFF : DurationText.format(shown.refresh()));
    }

    private static String presetOrCustom(Duration last) {
        return TimeRange.PRESETS.contains(last) ? DurationText.format(last) : CUSTOM;
    }

    private void rangeChosen(String value) {
        if (CUSTOM.equals(value)) {
            // The fields start at the range shown so far; the user edits one end.
            from.setVisible(true);
            to.setVisible(true);
            customChosen();
        } else {
            onChange.accept(TimeRange.relative(DurationText.parse(value), current.refresh()));
        }
    }

    private void customChosen() {
        if (from.getValue() != null && to.getValue() != null && from.getValue().isBefore(to.getValue())) {
            onChange.accept(TimeRange.fixed(from.getValue().toInstant(ZoneOffset.UTC),
                    to.getValue().toInstant(ZoneOffset.UTC)));
        }
    }
}
