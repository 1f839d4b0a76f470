-- Portable between H2 (PostgreSQL mode) and PostgreSQL.

-- Normalised events, indexed from the event journal. The id is the source name plus the source's
-- own id, or plus a keyed hash of the raw record when the source has none; re-sending a record
-- therefore never duplicates it. seq is the event's journal sequence number (arrival order).
CREATE TABLE events (
    id           VARCHAR(270)   NOT NULL PRIMARY KEY,
    seq          BIGINT         NOT NULL,
    source       VARCHAR(64)    NOT NULL,
    entity       VARCHAR(256)   NOT NULL,
    event_time   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    kind         VARCHAR(32)    NOT NULL,
    action       VARCHAR(128),
    outcome      VARCHAR(16),
    src_host     VARCHAR(256),
    dst_host     VARCHAR(256),
    src_ip       VARCHAR(64),
    dst_ip       VARCHAR(64),
    country      VARCHAR(64),
    city         VARCHAR(128),
    lat          DOUBLE PRECISION,
    lon          DOUBLE PRECISION,
    asn          BIGINT,
    as_org       VARCHAR(256),
    device       VARCHAR(256),
    user_agent   VARCHAR(1024),
    bytes        BIGINT,
    attributes   VARCHAR(300000),
    metrics      VARCHAR(100000),
    ingested_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
-- Evidence queries: one entity's events in time order.
CREATE INDEX events_entity_time ON events (entity, event_time);
-- Retention pruning and organisation-wide time-range queries.
CREATE INDEX events_time ON events (event_time);

-- How far the journal has been indexed into the events table (one row, updated in the same
-- transaction as the rows it covers).
CREATE TABLE journal_state (
    id           INT            NOT NULL PRIMARY KEY,
    indexed_seq  BIGINT         NOT NULL
);
INSERT INTO journal_state (id, indexed_seq) VALUES (1, 0);

-- Directory attributes of entities (users, service accounts, hosts).
CREATE TABLE entities (
    id              VARCHAR(256)  NOT NULL PRIMARY KEY,
    display_name    VARCHAR(256),
    email           VARCHAR(256),
    department      VARCHAR(256),
    role            VARCHAR(256),
    supervisor      VARCHAR(256),
    time_zone       VARCHAR(64),
    business_unit   VARCHAR(256),
    functional_unit VARCHAR(256),
    team            VARCHAR(256),
    updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX entities_department ON entities (department);
