-- schemas of the warehouse: raw and audit are written by the loader, staging/intermediate/marts
-- belong to the transformer (dbt). the migration user (admin) owns raw and audit.
create schema if not exists raw;
create schema if not exists audit;
create schema if not exists staging;
create schema if not exists intermediate;
create schema if not exists marts;
