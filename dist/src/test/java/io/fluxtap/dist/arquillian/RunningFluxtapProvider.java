package io.fluxtap.dist.arquillian;

import java.lang.annotation.Annotation;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.arquillian.test.spi.enricher.resource.ResourceProvider;

/** Lets tests inject {@link RunningFluxtap} with {@code @ArquillianResource}. */
public class RunningFluxtapProvider implements ResourceProvider {

    @Inject
    private Instance<RunningFluxtap> running;

    @Override
    public boolean canProvide(Class<?> type) {
        return RunningFluxtap.class.isAssignableFrom(type);
    }

    @Override
    public Object lookup(ArquillianResource resource, Annotation... qualifiers) {
        return running.get();
    }
}
