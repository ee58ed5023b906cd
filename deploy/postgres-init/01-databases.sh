#!/bin/bash
# First start of the compose PostgreSQL: one database for Airflow's metadata, one warehouse.
# The warehouse's roles, schemas and tables come from `scorecard warehouse migrate`.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
create database airflow;
create database scorecard;
SQL
