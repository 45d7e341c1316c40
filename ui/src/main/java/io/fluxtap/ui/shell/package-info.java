/**
 * What every page shares: the global time range (last 5m ... 7d, or an absolute range) and the auto-refresh
 * interval, both kept in the address ({@code ?range=1h&refresh=10s}, {@code ?from=...&to=...}) so any view is a
 * deep link; the light/dark theme (the browser's preference, overridable by a toggle remembered in the browser);
 * the search box that jumps to a trace or flux id; and the styled not-found page.
 *
 * <p>Views read the range with {@link io.fluxtap.ui.shell.TimeRange#of(com.vaadin.flow.router.Location)} in their
 * {@code beforeEnter}: the picker changes it by navigating to the same view with new query parameters, so the view
 * is re-entered exactly as if the link had been opened.
 */
package io.fluxtap.ui.shell;
