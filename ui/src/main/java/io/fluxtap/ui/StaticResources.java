package io.fluxtap.ui;

import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code META-INF/resources} folders of the class path, merged into one web root. A servlet container
 * serves these for a WAR's libraries; an embedded one has to be told. Vaadin's theme stylesheets live there
 * (e.g. {@code lumo/lumo.css}), and VaadinServlet, mapped to {@code /*}, serves them from the context's root.
 */
final class StaticResources {

    private static final String FOLDER = "META-INF/resources";

    private StaticResources() {
    }

    /**
     * @param factory mounts the jars; tie it to the context handler so they are released when it stops
     */
    static Resource fromClassPath(ResourceFactory factory, ClassLoader loader) {
        List<Resource> roots = new ArrayList<>();
        try {
            for (URL folder : Collections.list(loader.getResources(FOLDER))) {
                roots.add(factory.newResource(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FOLDER + " on the class path", e);
        }
        if (roots.isEmpty()) {
            throw new IllegalStateException("no " + FOLDER + " on the class path: are the Vaadin jars missing?");
        }
        return ResourceFactory.combine(roots);
    }
}
