package io.fluxtap.ui.login;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import io.fluxtap.ui.views.MainLayout;
import jakarta.servlet.http.HttpServletResponse;

/** A page the signed-in user's role may not open (403): what was refused, in the frame with the navigation. */
@ParentLayout(MainLayout.class)
public class ForbiddenView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    private final Paragraph message = new Paragraph();

    public ForbiddenView() {
        setId("page-forbidden");
        message.setId("page-forbidden-message");
        add(new H2("Not allowed"), message);
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        message.setText(parameter.hasCustomMessage() ? parameter.getCustomMessage()
                : parameter.getCaughtException().getMessage());
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
