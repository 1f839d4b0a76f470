package org.openueba.directory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Directory attributes of one entity (a user, a service account, a host), keyed by entity id. */
@Entity
@Table(name = "entities")
public class DirectoryEntry {
    @Id
    public String id;
    @Column(name = "display_name")
    public String displayName;
    public String email;
    public String department;
    public String role;
    public String supervisor;
    /** IANA time zone id; null means the source profile's zone. */
    @Column(name = "time_zone")
    public String timeZone;
    @Column(name = "business_unit")
    public String businessUnit;
    @Column(name = "functional_unit")
    public String functionalUnit;
    public String team;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
