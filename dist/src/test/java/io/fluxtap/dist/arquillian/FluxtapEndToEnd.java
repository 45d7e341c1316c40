package io.fluxtap.dist.arquillian;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the end-to-end tests: {@link FluxtapContainer} boots the whole server in-process for the test class (on
 * free ports, with a fresh data directory) and the tests call it as clients through {@link #fluxtap}'s URLs.
 * Arquillian finds the deployment and the resource in this superclass; the archive is only the marker it wants.
 * A test that needs system properties set before the server starts declares its own deployment instead.
 *
 * <pre>{@code
 * class LogsEndToEndTest extends FluxtapEndToEnd {
 *     @Test void x() { TestHttp.get(fluxtap.api("/api/v1/logs")); }
 * }
 * }</pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class FluxtapEndToEnd {

    @ArquillianResource
    protected RunningFluxtap fluxtap;

    @Deployment(testable = false)
    public static JavaArchive deployment() {
        return ShrinkWrap.create(JavaArchive.class, "fluxtap.jar");
    }
}
