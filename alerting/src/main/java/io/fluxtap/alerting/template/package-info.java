/**
 * Go {@code text/template} for Java: one small engine behind both Prometheus' alert field templates
 * ({@link io.fluxtap.alerting.template.RuleTemplates}) and Alertmanager's notification templates
 * ({@link io.fluxtap.alerting.template.NotificationTemplates}).
 *
 * <h2>Why a hand-written engine</h2>
 * Users bring rule files and Alertmanager configurations whose templates were written for Go: trim markers
 * ({@code {{- -}}}), pipelines, {@code $} variables, {@code define}/{@code template}/{@code block}, Go's truth
 * rules and sorted map ranges, and numbers printed by Go's {@code fmt} ({@code $value} as {@code 1.234567e+06},
 * {@code humanize} as {@code %.4g}). No Java library implements Go templates faithfully: the common Java
 * template engines (Mustache, Handlebars, Jinjava, Pebble, FreeMarker) are different languages, and output that
 * differs by one space or digit breaks
 * alert routing keys, dedup keys and users' expectations, so this package implements the language itself
 * (lexer {@code Parser}, executor {@code Exec}, formatting {@code GoFmt}) and is tested against the outputs
 * Prometheus' and Alertmanager's own tests and default templates give.
 *
 * <h2>What of Go it follows</h2>
 * <ul>
 *   <li>The whole action language of {@code text/template}: text and actions, {@code {{- -}}} trimming,
 *       comments, pipelines, parenthesized pipelines, variables ({@code :=}, {@code =}, {@code $}), field chains
 *       on maps and data objects, {@code if}/{@code else if}/{@code else}, {@code range} (lists, maps in sorted
 *       key order, integers as in Go 1.22, {@code else}, {@code break}, {@code continue}), {@code with}/
 *       {@code else with}, {@code define}, {@code template}, {@code block}; literals (interpreted and raw
 *       strings with Go escapes, characters, decimal/hex/octal/binary integers, floats, booleans, nil); the
 *       builtins {@code and or not len index slice print printf println eq ne lt le gt ge html js urlquery
 *       call}; the {@code missingkey} option.</li>
 *   <li>Values: {@code String}, {@code Long} (Go int), {@code Double} (float64), {@code Boolean}, {@code List}
 *       (slices), {@code Map} (maps), {@link io.fluxtap.alerting.template.KV} (a {@code map[string]string}: a
 *       missing key is {@code ""}), {@link io.fluxtap.alerting.template.GoTime} and
 *       {@link io.fluxtap.alerting.template.GoDuration} (printed as Go prints {@code time.Time} and
 *       {@code time.Duration}). Structs and their methods are objects implementing
 *       {@link io.fluxtap.alerting.template.TemplateObject} (no reflection).</li>
 *   <li>Go's typing where templates notice it: integer and float constants are different kinds, so
 *       {@code lt 1 1.5} fails with Go's {@code incompatible types for comparison}; truth is Go's (zero, empty,
 *       nil are false); {@code len}, {@code index} and {@code slice} count a string's UTF-8 bytes.</li>
 *   <li>{@code printf}/{@code print}/{@code println} follow Go's {@code fmt}: verbs {@code %v %s %q %d %x %X %o
 *       %b %c %U %e %E %f %F %g %G %t %%}, flags {@code + - # 0 space}, width and precision (also {@code *}),
 *       shortest float formatting for {@code %v}, correctly rounded (half-even on exact ties) fixed precision,
 *       and Go's error text ({@code %!d(string=x)}, {@code %!s(MISSING)}, {@code %!(EXTRA ...)}).</li>
 *   <li>Errors read as Go's: {@code template: NAME:LINE: ...} when parsing and
 *       {@code template: NAME:LINE:COL: executing "NAME" at <...>: ...} when executing.</li>
 * </ul>
 *
 * <h2>Where it differs</h2>
 * <ul>
 *   <li>No {@code html/template} contextual auto-escaping: alert templates and Alertmanager's text fields are
 *       {@code text/template}; {@code safeHtml}/{@code safeUrl} return their argument.</li>
 *   <li>Regular expressions run on {@code java.util.regex}; RE2's syntax is a subset of it (Go's
 *       {@code (?P<name>...)} is translated), so patterns Go refuses (backreferences, lookaround) are accepted
 *       here.</li>
 *   <li>Columns in error messages count UTF-16 units, where Go counts bytes (they differ only after non-ASCII
 *       text on the same line). No custom delimiters, complex numbers, channels or iterator functions.</li>
 *   <li>Execution is bounded ({@link io.fluxtap.alerting.template.Template.Limits}): output length, total
 *       {@code range} iterations and {@code template} nesting (100; Go allows 100000), and parentheses and
 *       controls nest at most 100 deep (Go: 10000), so a hostile template fails with an error instead of
 *       exhausting memory or the stack.</li>
 * </ul>
 */
package io.fluxtap.alerting.template;
