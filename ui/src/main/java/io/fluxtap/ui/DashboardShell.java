package io.fluxtap.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The page around every view. Lumo is loaded as a plain stylesheet from the Lumo jar, which keeps the
 * application inside what Vaadin's pre-compiled production bundle covers (no npm build needed).
 *
 * <p>The theme script runs in the page head, before Vaadin renders, so a dark-preferring browser never flashes
 * the light theme: the choice stored by the toggle wins, else the browser's {@code prefers-color-scheme}, which it
 * keeps following while no choice is stored.
 */
@StyleSheet(Lumo.STYLESHEET)
public class DashboardShell implements AppShellConfigurator {

    static final String THEME_SCRIPT = """
            window.fluxtapTheme = (function () {
              var key = 'fluxtap-theme', query = window.matchMedia('(prefers-color-scheme: dark)');
              function stored() { try { return localStorage.getItem(key); } catch (e) { return null; } }
              function apply() {
                var dark = stored() ? stored() === 'dark' : query.matches;
                if (dark) { document.documentElement.setAttribute('theme', 'dark'); }
                else { document.documentElement.removeAttribute('theme'); }
                document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
                if (window.fluxtapChart) { window.fluxtapChart.refreshAll(); }
              }
              query.addEventListener('change', apply);
              apply();
              return {
                apply: apply,
                toggle: function () {
                  var dark = document.documentElement.getAttribute('theme') === 'dark';
                  try { localStorage.setItem(key, dark ? 'light' : 'dark'); } catch (e) { }
                  apply();
                }
              };
            })();
            """;

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Fluxtap");
        settings.addInlineWithContents(Inline.Position.PREPEND, THEME_SCRIPT, Inline.Wrapping.JAVASCRIPT);
    }
}
