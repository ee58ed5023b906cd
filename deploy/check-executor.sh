#!/usr/bin/env bash
# Refuse to start when the executor and compose's profile disagree, in one line naming the
# setting: SCORECARD_EXECUTOR=CeleryExecutor without the celery profile's Redis, or a Celery
# worker started while the executor is not Celery (it would wait for tasks that never come).
# Usage: check-executor.sh [--worker]. Exit 0 when they agree.
set -uo pipefail
executor="${AIRFLOW__CORE__EXECUTOR:-LocalExecutor}"
if [ "${1:-}" = --worker ]; then
    if [ "$executor" != CeleryExecutor ]; then
        echo "refusing to start: a Celery worker needs SCORECARD_EXECUTOR=CeleryExecutor in .env (it is $executor)" >&2
        exit 1
    fi
    exit 0
fi
[ "$executor" = CeleryExecutor ] || exit 0
if ! python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=5).ping()" \
    "${AIRFLOW__CELERY__BROKER_URL:-}" >/dev/null 2>&1; then
    echo "refusing to start: SCORECARD_EXECUTOR=CeleryExecutor needs its broker (COMPOSE_PROFILES=celery in .env, or docker compose --profile celery up)" >&2
    exit 1
fi
