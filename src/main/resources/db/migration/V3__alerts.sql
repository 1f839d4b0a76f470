-- Portable between H2 (PostgreSQL mode) and PostgreSQL.

-- One row per entity window that reached the SMART threshold (docs/algorithms.md, "Second layer").
-- The id is derived from entity, window kind and window key, so replaying the same events updates
-- the same row. The pipeline writes alerts in the transaction that stores the events they come from.
--   window_kind   hour, day or events:N; group_id only for events:N windows
--   sources       the window's data sources as ",a,b," (exact matching with LIKE '%,name,%')
--   indicators    JSON array: feature, value, score, contribution, share, reason, evidence
--   crossed_at    event time of the event that made the window cross the threshold
--   updated_at    event time of the window's latest event
--   created_seq / updated_seq  journal positions of those events
--   status, assignee, comment, feedback  triage fields: never touched by the pipeline's updates
CREATE TABLE alerts (
    id               VARCHAR(36)    NOT NULL PRIMARY KEY,
    entity           VARCHAR(256)   NOT NULL,
    window_kind      VARCHAR(32)    NOT NULL,
    group_id         VARCHAR(320),
    window_start     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    window_end       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    first_event_id   VARCHAR(270)   NOT NULL,
    last_event_id    VARCHAR(270)   NOT NULL,
    event_count      INT            NOT NULL,
    sources          VARCHAR(2000)  NOT NULL,
    smart_value      DOUBLE PRECISION NOT NULL,
    score            DOUBLE PRECISION NOT NULL,
    severity         VARCHAR(16)    NOT NULL,
    indicators       VARCHAR(200000) NOT NULL,
    user_percentile  DOUBLE PRECISION,
    org_percentile   DOUBLE PRECISION,
    crossed_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_seq      BIGINT         NOT NULL,
    updated_seq      BIGINT         NOT NULL,
    status           VARCHAR(16)    NOT NULL DEFAULT 'new',
    assignee         VARCHAR(200),
    triage_comment   VARCHAR(4000),
    feedback         VARCHAR(32),
    CONSTRAINT alerts_score_range CHECK (score BETWEEN 0 AND 100),
    CONSTRAINT alerts_severity CHECK (severity IN ('low', 'medium', 'high', 'critical'))
);
CREATE INDEX alerts_crossed ON alerts (crossed_at);
CREATE INDEX alerts_entity ON alerts (entity, crossed_at);
CREATE INDEX alerts_score ON alerts (score);
