package org.openueba.pipeline;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;
import org.openueba.enrich.GeoEnricher;
import org.openueba.enrich.Pseudonymiser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Holds the shared enrichment pieces (pseudonymiser and GeoIP databases) and checks their
 * configuration at start: in the {@code prod} profile the engine refuses to start with the default
 * pseudonymisation key, since pseudonyms made with a published key protect nothing.
 */
@Startup
@ApplicationScoped
public class Enrichment {
    private static final Logger LOG = Logger.getLogger(Enrichment.class);

    private final Pseudonymiser pseudonymiser;
    private final GeoEnricher geo;
    private final List<String> globalFields;

    public Enrichment(UebaConfig config) {
        String key = config.pseudonymisation().key();
        if (UebaConfig.Pseudonymisation.DEFAULT_KEY.equals(key)) {
            if (ConfigUtils.getProfiles().contains("prod")) {
                throw new IllegalStateException("Refusing to start: ueba.pseudonymisation.key is the published default."
                        + " Set UEBA_PSEUDONYMISATION_KEY to a secret of at least " + Pseudonymiser.MIN_KEY_LENGTH
                        + " characters (see docs/operations.md).");
            }
            LOG.warn("ueba.pseudonymisation.key is the published default key: pseudonyms and event ids are NOT"
                    + " protected. Fine for the demo and tests, never for real data.");
        }
        try {
            this.pseudonymiser = new Pseudonymiser(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ueba.pseudonymisation.key: " + e.getMessage());
        }
        try {
            this.globalFields = Pseudonymiser.checkFields(config.pseudonymisation().fields().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ueba.pseudonymisation.fields: " + e.getMessage());
        }
        if (config.geoip().enabled()) {
            try {
                this.geo = GeoEnricher.fromFiles(config.geoip().cityDatabase().map(Path::of).orElse(null),
                        config.geoip().asnDatabase().map(Path::of).orElse(null));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the GeoIP databases: " + e.getMessage(), e);
            }
        } else {
            this.geo = null;
        }
    }

    public Pseudonymiser pseudonymiser() {
        return pseudonymiser;
    }

    /** The GeoIP enricher, or null when GeoIP is disabled. */
    public GeoEnricher geo() {
        return geo;
    }

    public List<String> globalPseudonymisedFields() {
        return globalFields;
    }

    @PreDestroy
    void close() throws IOException {
        if (geo != null) geo.close();
    }
}
