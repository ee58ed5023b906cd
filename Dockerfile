# The pipeline's image: Airflow 3.3 + dbt + GX + our package, exactly as locked in uv.lock.
# Built by docker-compose.yml (the production path); dags/, plugins/ and dbt_project/ are
# mounted over the copies baked in here so a deployment picks up a git pull without a rebuild.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH \
    SCORECARD_PROJECT_DIR=/opt/scorecard \
    AIRFLOW_HOME=/opt/airflow

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 tini \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv>=0.5,<1" \
    && useradd --uid 50000 --gid 0 --home-dir /opt/airflow --create-home airflow

WORKDIR /opt/scorecard
# Dependencies first (cached layer), then the project itself.
COPY pyproject.toml uv.lock README.md ./
RUN mkdir -p plugins/scorecard && touch plugins/scorecard/__init__.py \
    && uv sync --frozen --no-dev --no-install-project
COPY . .
# a failing sync or parse fails the build (a broken image must not ship)
RUN uv sync --frozen --no-dev
RUN DO_NOT_TRACK=1 DBT_SEND_ANONYMOUS_USAGE_STATS=False \
    uv run --no-sync dbt parse --project-dir dbt_project --profiles-dir dbt_project
RUN chown -R airflow:0 /opt/scorecard /opt/airflow

USER airflow
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["airflow", "--help"]
