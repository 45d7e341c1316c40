/**
 * Prometheus' relabelling ({@code relabel_configs}, {@code metric_relabel_configs}): {@link
 * io.fluxtap.ingestion.scrape.relabel.RelabelConfigs} reads and validates entries with Prometheus' defaults and
 * messages, {@link io.fluxtap.ingestion.scrape.relabel.Relabeler} runs the eleven actions and is the scrape side's
 * {@link io.fluxtap.ingestion.scrape.discovery.RelabelCompiler}.
 *
 * <p>Hand-written because relabelling results must be Prometheus' to the byte (targets kept or dropped, shard
 * numbers from {@code hashmod}, label names from templates) and no Java library follows Go's semantics: Go's
 * {@code regexp.Expand} for {@code $1}/{@code ${name}}/{@code $$} (a {@code $} that starts no reference stays as
 * it is; a missing group is empty), md5's last 8 bytes as a big-endian unsigned 64-bit number for {@code hashmod},
 * and Unicode simple case mappings for {@code lowercase}/{@code uppercase}. Names follow Prometheus' legacy
 * validation ({@code [a-zA-Z_][a-zA-Z0-9_]*}), the only names {@link io.fluxtap.api.Labels} holds; Prometheus 3's
 * UTF-8 names are not accepted.
 *
 * <p>Regexes are written for Go's RE2 and run on java.util.regex, so {@link
 * io.fluxtap.ingestion.scrape.relabel.GoRegexp} translates them (anchored as Prometheus does, {@code ^(?s:re)$}):
 * <ul>
 *   <li>named groups {@code (?P<name>re)} and {@code (?<name>re)}, whose names may hold {@code _} and digits
 *       (Java's cannot), become plain groups; the names are kept beside the pattern for {@code $name};</li>
 *   <li>{@code $} matches only at the end (Java's also before a final newline), {@code (?m)} line anchors only at
 *       {@code \n}; {@code .} excludes only {@code \n} without {@code s} ({@code UNIX_LINES});</li>
 *   <li>{@code \s} is Go's {@code [\t\n\f\r ]} (Java's takes VT too), {@code \v} is VT (Java's is a class),
 *       POSIX classes {@code [[:alpha:]]} become {@code \p{Alpha}}, {@code \p{Greek}} a script;</li>
 *   <li>inside brackets {@code [}, {@code &} and a leading {@code ]} are literals, as in Go (Java nests,
 *       intersects or fails); an unparsable {@code {} is a literal;</li>
 *   <li>refused with Go's message, as Prometheus refuses them: back references, look-arounds, atomic groups,
 *       possessive or stacked repetitions ({@code a*+}, {@code a**}), repeat counts above 1000, {@code \Z},
 *       {@code \G}, {@code \h} and other escapes RE2 lacks; refused with our own: the ungreedy flag {@code U},
 *       which java.util.regex cannot express.</li>
 * </ul>
 * Java's matcher backtracks where RE2 does not: a pathological regex is slow here, not refused.
 */
package io.fluxtap.ingestion.scrape.relabel;
