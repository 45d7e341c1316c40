package io.fluxtap.ui.views;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;

/** The frame around every view: the title bar and the side navigation. */
public class MainLayout extends AppLayout {

    public MainLayout() {
        H1 title = new H1("Fluxtap");
        title.setId("app-title");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");

        SideNav nav = new SideNav();
        nav.setId("main-nav");
        nav.addItem(
                new SideNavItem("Overview", OverviewView.class, VaadinIcon.DASHBOARD.create()),
                new SideNavItem("Logs", LogsView.class, VaadinIcon.LINES_LIST.create()),
                new SideNavItem("Levels", io.fluxtap.ui.levels.LevelsView.class, VaadinIcon.SLIDERS.create()));

        addToNavbar(new DrawerToggle(), title);
        addToDrawer(nav);
    }
}
