package io.fluxtap.ui.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what the dashboard rendered out of a DOM dump from {@link HeadlessChromium#dumpDom}. */
public final class DashboardDom {

    private static final Pattern LOG_BODY = Pattern.compile("<span class=\"log-body\">(.*?)</span>", Pattern.DOTALL);
    // Lit marks its bindings with comments inside the rendered element.
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

    private DashboardDom() {
    }

    /** The log bodies in the log grid's rendered rows, in DOM order, as the user reads them. */
    public static List<String> logBodies(String dom) {
        List<String> bodies = new ArrayList<>();
        Matcher matcher = LOG_BODY.matcher(dom);
        while (matcher.find()) {
            bodies.add(unescape(COMMENT.matcher(matcher.group(1)).replaceAll("")));
        }
        return bodies;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }
}
