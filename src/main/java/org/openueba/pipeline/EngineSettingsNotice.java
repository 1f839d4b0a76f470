package org.openueba.pipeline;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;

/**
 * Logs once at start what {@link EngineSettings} adjusts in the configuration (a prior window
 * clamped to a short retention), so the operator learns it before the first event is scored.
 */
@ApplicationScoped
class EngineSettingsNotice {
    private static final Logger LOG = Logger.getLogger(EngineSettings.class);

    void onStart(@Observes StartupEvent e, UebaConfig config) {
        for (String note : EngineSettings.adjustments(config)) LOG.info(note);
    }
}
