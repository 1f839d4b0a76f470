package org.openueba.pipeline;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;
import org.openueba.directory.DirectoryService;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Imports {@code ueba.directory.file} at start, when configured; a missing file fails start-up. */
@ApplicationScoped
public class DirectoryFileImport {
    private static final Logger LOG = Logger.getLogger(DirectoryFileImport.class);

    void onStart(@Observes StartupEvent e, UebaConfig config, DirectoryService directory) {
        if (config.directory().file().isEmpty()) return;
        Path file = Path.of(config.directory().file().get());
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            DirectoryService.ImportResult res = directory.importFrom(r);
            LOG.infof("directory: imported %d entries from %s, %d lines rejected %s", res.imported(), file,
                    res.rejected(), res.rejected() > 0 ? res.errors() : "");
        } catch (IOException ex) {
            throw new UncheckedIOException("ueba.directory.file: cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }
}
