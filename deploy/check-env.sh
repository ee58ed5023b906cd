#!/usr/bin/env bash
# Refuse to start the stack with a secret that is empty, a known default, too short, or shared
# by two settings (every role has its own password). Usage: check-env.sh NAME [NAME ...], the
# names of environment variables to check; AIRFLOW_FERNET_KEY must also be a real Fernet key.
# Exit 0 when every one is fine, 1 with one line per problem on stderr.
set -uo pipefail

defaults=" admin airflow changeme example password postgres scorecard secret "
status=0
declare -A seen=()
refuse() {
    echo "refusing to start: $1 (set it in .env, see .env.example)" >&2
    status=1
}
for name in "$@"; do
    value="${!name:-}"
    if [ -z "$value" ]; then
        refuse "$name is empty"
        continue
    fi
    if [[ "$defaults" == *" ${value,,} "* ]] || [ "${#value}" -lt 12 ]; then
        refuse "$name is a default value or shorter than 12 characters"
        continue
    fi
    if [[ "$name" == *_PASSWORD && ! "$value" =~ ^[A-Za-z0-9_-]+$ ]]; then
        refuse "$name must be URL-safe (letters, digits, - and _): secrets.token_urlsafe(24)"
        continue
    fi
    if [[ "$name" == AIRFLOW_FERNET_KEY && ! "$value" =~ ^[A-Za-z0-9_-]{43}=$ ]]; then
        refuse "AIRFLOW_FERNET_KEY is not a Fernet key: Fernet.generate_key()"
        continue
    fi
    if [ -n "${seen[$value]:-}" ]; then
        refuse "$name is the same as ${seen[$value]}; every role needs its own"
    fi
    seen[$value]=$name
done
exit "$status"
