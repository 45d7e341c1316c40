package io.fluxtap.ui.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.shared.Registration;

/**
 * Re-runs a view's refresh on the UI's poll requests while the view is shown. The shell sets the poll interval
 * from the address ({@code refresh=...}); a view may pause its own refreshes (the logs' live tail).
 * Polling rather than push: a few seconds of delay is fine for these views, and it needs no long-lived connection.
 */
public final class AutoRefresh {

    private final Runnable refresh;
    private Registration pollListener;
    private boolean running = true;

    public AutoRefresh(Component owner, Runnable refresh) {
        this.refresh = refresh;
        owner.addAttachListener(event -> pollListener = event.getUI().addPollListener(poll -> {
            if (running) {
                this.refresh.run();
            }
        }));
        owner.addDetachListener(event -> {
            pollListener.remove();
            pollListener = null;
        });
    }

    public void setRunning(boolean running) {
        this.running = running;
    }
}
