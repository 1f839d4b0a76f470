-- Creates the OpenUEBA role and database. Run as a PostgreSQL superuser:
--   psql -U postgres -v password="'a-strong-password'" -f deploy/postgresql/init.sql
-- The engine's Flyway migrations create the tables at its first start.
CREATE ROLE openueba LOGIN PASSWORD :password;
CREATE DATABASE openueba OWNER openueba ENCODING 'UTF8';
REVOKE ALL ON DATABASE openueba FROM PUBLIC;
