package io.fluxtap.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;

import java.time.Duration;

/**
 * Re-runs a view's refresh on the UI's poll requests while the view is shown. Polling rather than push:
 * a few seconds of delay is fine for these views, and it needs no long-lived connection.
 */
final class AutoRefresh {

    private final Component owner;
    private final int intervalMillis;
    private final Runnable refresh;
    private Registration pollListener;
    private boolean running = true;

    AutoRefresh(Component owner, Duration interval, Runnable refresh) {
        this.owner = owner;
        this.intervalMillis = Math.toIntExact(interval.toMillis());
        this.refresh = refresh;
        owner.addAttachListener(event -> {
            pollListener = event.getUI().addPollListener(poll -> this.refresh.run());
            applyTo(event.getUI());
        });
        // The interval is left as it is: the view shown next sets its own when it attaches.
        owner.addDetachListener(event -> {
            pollListener.remove();
            pollListener = null;
        });
    }

    void setRunning(boolean running) {
        this.running = running;
        owner.getUI().ifPresent(this::applyTo);
    }

    private void applyTo(UI ui) {
        ui.setPollInterval(running ? intervalMillis : -1);
    }
}
