package io.fluxtap.dist.arquillian;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Settings of the embedded Fluxtap container (arquillian.xml {@code <property>} elements map onto the
 * setters by Arquillian's convention). {@code extraConfig} takes {@code key=value;key=value} pairs of
 * Fluxtap configuration applied to every deployment.
 */
public class FluxtapContainerConfiguration implements ContainerConfiguration {

    private String host = "127.0.0.1";
    private String extraConfig = "";

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getExtraConfig() {
        return extraConfig;
    }

    public void setExtraConfig(String extraConfig) {
        this.extraConfig = extraConfig;
    }

    Map<String, String> extraConfigMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : extraConfig.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    @Override
    public void validate() throws ConfigurationException {
        for (String pair : extraConfig.split(";")) {
            if (!pair.isBlank() && pair.indexOf('=') < 1) {
                throw new ConfigurationException("extraConfig entry '" + pair + "' is not key=value");
            }
        }
    }
}
