"""What a notice says: one paragraph a person can act on, built from an Airflow task's context.

A notice names the quarter (or the marts, for the transform), says what happened in a council
analyst's words, gives the error on one line, and says where to look further: the task's page
in Airflow's UI and ``scorecard status``. It never carries a secret: every role's password, the
notice channels' secrets and any password written into a URL are replaced by ``***`` before the
text leaves (:func:`redact`).

Only some endings are worth a person's attention (:func:`notice_for`):

- a quarter that ends **not available** (its sensor skipped past the wait horizon);
- a report **refused** (not a PDF, failing extraction or validation, a 4xx) or over a **limit**;
- a **dbt build kept out of the marts** (a model or test of ``scorecard_transform`` failed);
- any task **failing after its last try** (a worker lost mid-load, a fault that outlasted the
  retries).

A DAG gives the notifier to the endings it is for: every task's ``on_failure_callback``, and the
sensor's ``on_skipped_callback`` (a skipped sensor is a quarter not available; other skips,
such as nothing new to load, say nothing). Airflow gives a skip's callback no exception, so the
notice of a quarter not available says why from the schedule (its due date and horizon).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from scorecard.errors import Category, category_of

INGEST_DAG_ID = "scorecard_ingest"
NOT_AVAILABLE = "not available"
"""The ending of a quarter whose sensor gave up past the wait horizon (the task is skipped)."""
TRANSFORM_DAG_ID = "scorecard_transform"
LONGEST_ERROR = 300
"""Characters of the error kept in a notice (the whole of it is in the task's log)."""

_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@]+@", re.I)


@dataclass(frozen=True)
class Notice:
    """One notice: a subject line and its paragraph."""

    subject: str
    text: str


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every known secret and every password inside a URL replaced by ``***``."""
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return _URL_PASSWORD.sub(r"\g<head>***@", text)


def one_line(error: BaseException | None) -> str:
    """The error a person reads: the project's own error behind Airflow's, on one line."""
    if error is None:
        return "the task's process ended without reporting an error (a lost worker?)"
    cause = error.__cause__ if category_of(error) is None and error.__cause__ else error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    text = " ".join(lines) or type(cause).__name__
    return text if len(text) <= LONGEST_ERROR else text[: LONGEST_ERROR - 1] + "…"


def _category(error: BaseException | None) -> Category | None:
    while error is not None:
        found = category_of(error)
        if found is not None:
            return found
        error = error.__cause__
    return None


def _what_happened(dag_id: str, task_id: str, ending: str, category: Category | None) -> str:
    if category is Category.NOT_AVAILABLE:
        return "is not available: its report is no longer waited for"
    if category is Category.REFUSED:
        return f"had its report refused at {task_id}; nothing of it was loaded"
    if category is Category.RESOURCE_LIMIT:
        return f"had its report refused at {task_id}: it needs more than a limit allows"
    if dag_id == TRANSFORM_DAG_ID:
        return (
            f"kept this dbt build out of the marts: {task_id} failed, so nothing was published "
            "and BI tools keep reading the last good marts"
        )
    if ending == "failed":
        return f"failed at {task_id} after its last try"
    return f"stopped at {task_id} ({ending})"


def _subject_of(category: Category | None, dag_id: str) -> str:
    if category is Category.NOT_AVAILABLE:
        return "not available"
    if category in {Category.REFUSED, Category.RESOURCE_LIMIT}:
        return "report refused"
    return "was kept out of the marts" if dag_id == TRANSFORM_DAG_ID else "failed"


def notice_for(
    *,
    dag_id: str,
    task_id: str,
    ending: str,
    error: BaseException | None,
    about: str,
    url: str | None,
    reason: str | None = None,
    secrets: Iterable[str] = (),
) -> Notice:
    """The notice for a task that ended as ``ending`` ("failed" after its last try, or "not
    available": the sensor gave up), with ``error`` (None when Airflow has none to give, as for
    a skip; ``reason`` then says why). ``about`` is what the run is for ("Q4 2017/18 (2017Q4,
    period end ...)", or "the marts"); ``url`` the task's page in Airflow's UI."""
    category = Category.NOT_AVAILABLE if ending == NOT_AVAILABLE else _category(error)
    happened = _what_happened(dag_id, task_id, ending, category)
    where = (
        f"Look further: {url} or `scorecard status`" if url else "Look further: `scorecard status`"
    )
    if dag_id == INGEST_DAG_ID and category is not Category.NOT_AVAILABLE:
        where += f" (retry it with `scorecard trigger {_code(about)}` once it is fixed)"
    said = reason if error is None and reason else one_line(error)
    label = "Why" if category is Category.NOT_AVAILABLE else "Error"
    text = f"Council Scorecard: {about} {happened}. {label}: {said.rstrip('.')}. {where}."
    kept = list(secrets)
    head = "a dbt build" if dag_id == TRANSFORM_DAG_ID else _short(about)
    return Notice(
        subject=redact(f"Council Scorecard: {head} {_subject_of(category, dag_id)}", kept),
        text=redact(text, kept),
    )


def _short(about: str) -> str:
    return about.split(" (", 1)[0]


def _code(about: str) -> str:
    """The quarter code inside ``about`` ("Q4 2017/18 (2017Q4, ...)" -> "2017Q4")."""
    match = re.search(r"\((\d{4}Q\d)", about)
    return match.group(1) if match else "QUARTER"


def context_fields(context: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of an Airflow task context a notice is made of (absent ones as None)."""
    ti = context.get("ti") or context.get("task_instance")
    dag_run = context.get("dag_run")
    return {
        "dag_id": getattr(ti, "dag_id", None) or getattr(dag_run, "dag_id", "?"),
        "task_id": getattr(ti, "task_id", "?"),
        "run_id": getattr(ti, "run_id", None) or getattr(dag_run, "run_id", "?"),
        "error": context.get("exception"),
        "url": getattr(ti, "log_url", None),
    }
