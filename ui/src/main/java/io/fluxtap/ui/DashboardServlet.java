package io.fluxtap.ui;

import com.vaadin.flow.server.VaadinServlet;
import io.fluxtap.ui.login.AccessGate;
import jakarta.servlet.ServletException;

/** Vaadin's servlet with the {@link AccessGate} on every UI it makes, before the UI's first navigation. */
public class DashboardServlet extends VaadinServlet {

    @Override
    protected void servletInitialized() throws ServletException {
        super.servletInitialized();
        AccessGate gate = new AccessGate();
        getService().addUIInitListener(event -> event.getUI().addBeforeEnterListener(gate));
    }
}
