-- Organisation settings an admin changes at run time (docs/security.md, "Settings"); each change is
-- also in audit_log with the value before and after. A missing row means the configured default.
CREATE TABLE settings (
    name        VARCHAR(64)   NOT NULL PRIMARY KEY,
    setting     VARCHAR(200)  NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(200)  NOT NULL
);
