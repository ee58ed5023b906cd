#!/bin/bash
# First start of the compose PostgreSQL, as its superuser (the only work the superuser does):
# Airflow's metadata database with a login of its own, and the warehouse's roles, each with its
# own password from .env and its session limits (the defaults of SCORECARD_*_TIMEOUT_SECONDS and
# SCORECARD_READER_IDLE_IN_TRANSACTION_SECONDS: a migration checks them and names the statements
# to run when they differ), and the warehouse database owned by the owner role. Schemas, tables
# and grants come from `scorecard warehouse migrate`, run as the owner (airflow-init). Refuses
# to run (so the stack never starts) with an empty, default or shared password.
set -euo pipefail

check_env="$(dirname "${BASH_SOURCE[0]}")/../check-env.sh"
[ -x "$check_env" ] || check_env=/usr/local/bin/scorecard-check-env
"$check_env" POSTGRES_PASSWORD AIRFLOW_DB_PASSWORD SCORECARD_OWNER_PASSWORD \
    SCORECARD_LOADER_PASSWORD SCORECARD_VALIDATOR_PASSWORD SCORECARD_TRANSFORMER_PASSWORD \
    SCORECARD_READER_PASSWORD

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v airflow_user="${AIRFLOW_DB_USER:-airflow}" -v airflow_pw="$AIRFLOW_DB_PASSWORD" \
    -v airflow_db="${AIRFLOW_DB_NAME:-airflow}" \
    -v owner="${SCORECARD_OWNER_ROLE:-scorecard_owner}" -v owner_pw="$SCORECARD_OWNER_PASSWORD" \
    -v loader="${SCORECARD_LOADER_ROLE:-scorecard_loader}" -v loader_pw="$SCORECARD_LOADER_PASSWORD" \
    -v validator="${SCORECARD_VALIDATOR_ROLE:-scorecard_validator}" \
    -v validator_pw="$SCORECARD_VALIDATOR_PASSWORD" \
    -v transformer="${SCORECARD_TRANSFORMER_ROLE:-scorecard_transformer}" \
    -v transformer_pw="$SCORECARD_TRANSFORMER_PASSWORD" \
    -v reader="${SCORECARD_READER_ROLE:-scorecard_bi_reader}" -v reader_pw="$SCORECARD_READER_PASSWORD" \
    -v warehouse_db="${SCORECARD_DB_NAME:-scorecard}" <<'SQL'
create role :"airflow_user" login password :'airflow_pw';
create database :"airflow_db" owner :"airflow_user";
create role :"owner" login password :'owner_pw';
create role :"loader" login password :'loader_pw';
create role :"validator" login password :'validator_pw';
create role :"transformer" login password :'transformer_pw';
create role :"reader" login password :'reader_pw';
-- session limits: a BI reader cannot hold a query or an idle transaction open for long, and a
-- pipeline session gives up waiting for a lock (its step is retried) instead of hanging
alter role :"owner" set lock_timeout = '60000ms';
alter role :"owner" set statement_timeout = '1800000ms';
alter role :"owner" set idle_in_transaction_session_timeout = '1800000ms';
alter role :"loader" set lock_timeout = '60000ms';
alter role :"loader" set statement_timeout = '1800000ms';
alter role :"loader" set idle_in_transaction_session_timeout = '1800000ms';
alter role :"validator" set lock_timeout = '60000ms';
alter role :"validator" set statement_timeout = '1800000ms';
alter role :"validator" set idle_in_transaction_session_timeout = '1800000ms';
alter role :"transformer" set lock_timeout = '60000ms';
alter role :"transformer" set statement_timeout = '1800000ms';
alter role :"transformer" set idle_in_transaction_session_timeout = '1800000ms';
alter role :"reader" set statement_timeout = '300000ms';
alter role :"reader" set idle_in_transaction_session_timeout = '60000ms';
-- the owner hands the dbt schemas to the transformer (migrations)
grant :"transformer" to :"owner" with admin option;
create database :"warehouse_db" owner :"owner";
SQL
