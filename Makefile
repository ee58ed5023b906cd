# One target per thing a person does. `make run` and `make test` set themselves up.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv from PATH, else the one `make setup` installs with pip for this Python.
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
# bytecode compiled once at install (as the image does): every Airflow task process and CLI
# call then imports Airflow, Cosmos and dbt from it, even where PYTHONDONTWRITEBYTECODE is set
export UV_COMPILE_BYTECODE := 1
PYTEST_ARGS ?=

.PHONY: help setup run test airflow airflow-celery lint format bench warehouse-start warehouse-stop samples zoo docs clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 \
	  || $(PYTHON) -m pip install --quiet "uv>=0.5,<1" \
	  || $(PYTHON) -m pip install --quiet --user "uv>=0.5,<1"
	$(UV) sync --frozen
	@touch $@

setup: .venv/.synced ## Install the locked environment (uv; installs uv itself if missing)

run: setup ## The main job: all bundled quarters through Airflow into the marts, then a scorecard
	$(UV) run --no-sync scorecard run

test: setup ## The tests (real PostgreSQL, real PDFs, real Airflow and dbt runs, headless Chromium)
	@bash .ci/system-deps
	$(UV) run --no-sync pytest $(PYTEST_ARGS) || [ $$? -eq 5 ]

airflow: setup ## Airflow UI and scheduler on the same home (http://localhost:8080, or SCORECARD_AIRFLOW_PORT)
	$(UV) run --no-sync scorecard airflow standalone

airflow-celery: setup ## Airflow with its CeleryExecutor: Redis on 127.0.0.1, SCORECARD_CELERY_WORKERS (2) workers
	@bash .ci/system-deps
	SCORECARD_EXECUTOR=CeleryExecutor $(UV) run --no-sync scorecard airflow-celery

lint: setup ## ruff, mypy, sqlfluff
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .
	$(UV) run --no-sync mypy
	$(UV) run --no-sync scorecard warehouse start >/dev/null
	eval "$$($(UV) run --no-sync scorecard env --show-password)" && $(UV) run --no-sync sqlfluff lint dbt_project/models

format: setup ## Apply ruff's fixes and formatting
	$(UV) run --no-sync ruff check --fix .
	$(UV) run --no-sync ruff format .

bench: setup ## Benchmarks (ratios against in-process baselines)
	$(UV) run --no-sync python bench/extract.py
	$(UV) run --no-sync python bench/load.py
	$(UV) run --no-sync python bench/dbt_marts.py
	$(UV) run --no-sync python bench/pipeline.py
	$(UV) run --no-sync python bench/security.py
	$(UV) run --no-sync python bench/site.py
	$(UV) run --no-sync python bench/scale.py

warehouse-start: setup ## Start the embedded PostgreSQL
	$(UV) run --no-sync scorecard warehouse start

warehouse-stop: setup ## Stop the embedded PostgreSQL (data kept)
	$(UV) run --no-sync scorecard warehouse stop

samples: setup ## Regenerate the bundled sample reports (deterministic)
	$(UV) run --no-sync python -m samples.generate

zoo: setup ## Style zoo: other producers and styles, extracted; pass rates per producer and axis
	$(UV) run --no-sync python -m samples.zoo

clean: ## Stop the embedded PostgreSQL and delete all local state (.scorecard/)
	-$(UV) run --no-sync scorecard warehouse stop
	rm -rf .scorecard
