package io.fluxtap.ui.shell;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import io.fluxtap.ui.views.MainLayout;
import jakarta.servlet.http.HttpServletResponse;

/** An unknown address, shown inside the shell (navigation still works) instead of Vaadin's bare page. */
@ParentLayout(MainLayout.class)
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    private final Paragraph what = new Paragraph();

    public NotFoundView() {
        setId("not-found");
        what.setId("not-found-path");
        add(new H2("Page not found"), what, new Anchor("", "Go to the overview"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        what.setText("There is no page at /" + event.getLocation().getPath()
                + ". Pick a page from the navigation, or search a trace id or flux id above.");
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
