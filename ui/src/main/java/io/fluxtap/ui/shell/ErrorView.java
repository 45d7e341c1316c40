package io.fluxtap.ui.shell;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import io.fluxtap.ui.views.MainLayout;
import jakarta.servlet.http.HttpServletResponse;

/** A page that failed to open: the message in the page and the stack trace in the server log, never on screen. */
@ParentLayout(MainLayout.class)
public class ErrorView extends VerticalLayout implements HasErrorParameter<RuntimeException> {

    private static final System.Logger LOG = System.getLogger(ErrorView.class.getName());
    private final Paragraph message = new Paragraph();

    public ErrorView() {
        setId("page-error");
        message.setId("page-error-message");
        add(new H2("This page could not be opened"), message);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<RuntimeException> parameter) {
        LOG.log(System.Logger.Level.WARNING, "Dashboard page /" + event.getLocation().getPath() + " failed",
                parameter.getCaughtException());
        message.setText(parameter.getCaughtException().getMessage() == null
                ? parameter.getCaughtException().getClass().getSimpleName() : parameter.getCaughtException().getMessage());
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
