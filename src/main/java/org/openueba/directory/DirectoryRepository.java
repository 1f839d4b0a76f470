package org.openueba.directory;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Directory entries by entity id. */
@ApplicationScoped
public class DirectoryRepository implements PanacheRepositoryBase<DirectoryEntry, String> {
}
