-- Portable between H2 (PostgreSQL mode) and PostgreSQL. See docs/security.md, "Single sign-on".

-- Users provisioned by single sign-on: external_id is the identity provider's issuer and subject
-- ("<iss> <sub>"), which ties the row to one account at the provider whatever its user name becomes.
-- NULL for local users, who log in with a password. An external user has no usable password:
-- password_hash holds a marker that is not a bcrypt hash, and the engine never checks a password
-- against it.
ALTER TABLE users ADD COLUMN external_id VARCHAR(512);
CREATE UNIQUE INDEX users_external_id ON users (external_id);
