package io.fluxtap.dist.arquillian;

import io.fluxtap.dist.FluxtapMain;
import io.fluxtap.dist.config.FluxtapConfig;
import io.helidon.microprofile.server.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.test.spi.annotation.SuiteScoped;
import org.jboss.shrinkwrap.api.Archive;

/**
 * The smallest Arquillian container that runs Fluxtap for real: a "deployment" boots the whole Helidon MP
 * server in this JVM (every module's CDI beans, all three listeners on free ports, a fresh data directory)
 * and an undeploy shuts it down. Helidon's own Arquillian adapter does not resolve from the repository
 * we build against, and Fluxtap runs from a flat class path rather than from an archive, so the archive
 * only marks the test class as an Arquillian deployment; what runs is the class path under test.
 */
public class FluxtapContainer implements DeployableContainer<FluxtapContainerConfiguration> {

    @Inject
    @SuiteScoped
    private InstanceProducer<RunningFluxtap> running;

    private FluxtapContainerConfiguration configuration;
    private Server server;
    private Config config;
    private Path dataDir;

    @Override
    public Class<FluxtapContainerConfiguration> getConfigurationClass() {
        return FluxtapContainerConfiguration.class;
    }

    @Override
    public void setup(FluxtapContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        try {
            dataDir = Files.createTempDirectory("fluxtap-it-");
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("fluxtap.host", configuration.getHost());
            overrides.put("fluxtap.http.port", "0");
            overrides.put("fluxtap.otlp.http.port", "0");
            overrides.put("fluxtap.otlp.grpc.port", "0");
            overrides.put("fluxtap.ui.port", "0");
            overrides.put("fluxtap.data.dir", dataDir.toString());
            overrides.putAll(configuration.extraConfigMap());
            config = FluxtapConfig.load(Path.of("."), overrides);
            server = Server.builder().config(config).build().start();
            FluxtapMain.Endpoints endpoints = FluxtapMain.Endpoints.of(server);
            running.set(new RunningFluxtap(endpoints, dataDir));
            return new ProtocolMetaData().addContext(new HTTPContext(configuration.getHost(), server.port()));
        } catch (IOException | RuntimeException e) {
            throw new DeploymentException("Fluxtap did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void undeploy(Archive<?> archive) {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            server = null;
            if (config != null) {
                ConfigProviderResolver.instance().releaseConfig(config);
                config = null;
            }
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
