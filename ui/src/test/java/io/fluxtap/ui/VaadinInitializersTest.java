package io.fluxtap.ui;

import com.vaadin.flow.router.Route;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class VaadinInitializersTest {

    /** Routes are registered by hand, not found by scanning: a view left off the list would answer 404. */
    @Test
    void everyRouteClassOfTheDashboardIsRegistered() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(DashboardServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Class<?>> routes = new HashSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/fluxtap/ui"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (type.isAnnotationPresent(Route.class)) {
                    routes.add(type);
                }
            }
        }

        assertFalse(routes.isEmpty(), "no @Route classes under " + classes);
        assertEquals(routes, Set.copyOf(VaadinInitializers.ROUTES));
    }
}
