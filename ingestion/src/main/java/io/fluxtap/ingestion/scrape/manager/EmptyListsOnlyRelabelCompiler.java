package io.fluxtap.ingestion.scrape.manager;

import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;
import io.fluxtap.ingestion.scrape.discovery.RelabelCompiler;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * PLACEHOLDER until the relabel package's compiler is merged (then delete this class): the server needs a
 * {@link RelabelCompiler} bean, and this one takes only empty lists, refusing any relabelling with a clear error.
 */
@ApplicationScoped
public class EmptyListsOnlyRelabelCompiler implements RelabelCompiler {

    @Override
    public RelabelStep compile(List<Map<String, Object>> configs, String section) throws ScrapeConfigException {
        if (!configs.isEmpty()) {
            throw new ScrapeConfigException(section + " is not supported by this build yet");
        }
        return RelabelStep.NONE;
    }
}
