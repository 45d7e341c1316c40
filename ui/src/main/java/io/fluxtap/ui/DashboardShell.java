package io.fluxtap.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The page around every view. Lumo is loaded as a plain stylesheet from the Lumo jar, which keeps the
 * application inside what Vaadin's pre-compiled production bundle covers (no npm build needed).
 */
@StyleSheet(Lumo.STYLESHEET)
public class DashboardShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Fluxtap");
    }
}
