package org.openueba.directory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.openueba.ingest.IngestResult;

import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Imports directory exports (upsert by entity id) and looks entries up. */
@ApplicationScoped
public class DirectoryService {
    private static final int MAX_REPORTED_ERRORS = 1000;
    private final DirectoryRepository repository;
    private final jakarta.enterprise.event.Event<DirectoryChanged> changed;

    public DirectoryService(DirectoryRepository repository, jakarta.enterprise.event.Event<DirectoryChanged> changed) {
        this.repository = repository;
        this.changed = changed;
    }

    /** The result of one import: entries created or updated, and rejected lines. */
    public record ImportResult(long imported, long rejected, List<IngestResult.RecordError> errors) {
    }

    /**
     * Parses and upserts everything in {@code in} in one transaction; rejected lines are reported
     * and the valid ones still imported. A later line for the same id overrides an earlier one.
     */
    @Transactional
    public ImportResult importFrom(Reader in) throws IOException {
        List<IngestResult.RecordError> errors = new ArrayList<>();
        long[] counts = new long[2];
        Instant now = Instant.now();
        DirectoryParser.parse(in, new DirectoryParser.Listener() {
            @Override
            public void record(long line, DirectoryRecord r) {
                DirectoryEntry e = repository.findById(r.id());
                boolean isNew = e == null;
                if (isNew) {
                    e = new DirectoryEntry();
                    e.id = r.id();
                }
                e.displayName = r.displayName();
                e.email = r.email();
                e.department = r.department();
                e.role = r.role();
                e.supervisor = r.supervisor();
                e.timeZone = r.timeZone();
                e.businessUnit = r.businessUnit();
                e.functionalUnit = r.functionalUnit();
                e.team = r.team();
                e.updatedAt = now;
                if (isNew) repository.persist(e);
                counts[0]++;
            }

            @Override
            public void reject(long line, String reason) {
                counts[1]++;
                if (errors.size() < MAX_REPORTED_ERRORS) errors.add(new IngestResult.RecordError(line, reason));
            }
        });
        if (counts[0] > 0) changed.fire(new DirectoryChanged(counts[0])); // observed after the commit
        return new ImportResult(counts[0], counts[1], errors);
    }

    @Transactional
    public Optional<DirectoryEntry> find(String id) {
        return repository.findByIdOptional(id);
    }

    /** Entries of the given ids, by id (absent ids are left out). */
    @Transactional
    public java.util.Map<String, DirectoryEntry> findAll(java.util.Collection<String> ids) {
        java.util.Map<String, DirectoryEntry> out = new java.util.HashMap<>();
        if (ids.isEmpty()) return out;
        for (DirectoryEntry e : repository.list("id in ?1", ids)) out.put(e.id, e);
        return out;
    }

    @Transactional
    public long count() {
        return repository.count();
    }
}
