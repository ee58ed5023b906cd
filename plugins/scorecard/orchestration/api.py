"""Airflow's public REST API (``/api/v2``), as ``scorecard status`` reads the scheduler's runs.

The API server is the one ``make airflow`` (or the compose stack) runs, at
``AIRFLOW__API__BASE_URL`` (``SCORECARD_AIRFLOW_PORT`` / ``SCORECARD_AIRFLOW_URL``). Requests go
without credentials when the server lets every user in (``simple_auth_manager_all_admins``),
else with a token from ``POST /auth/token`` for the simple auth manager's first user, read from
its passwords file (``airflow standalone`` generates it in the Airflow home).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx

from scorecard.errors import Unreachable
from scorecard.settings import airflow_api

PAGE = 100


class AirflowUnreachable(Unreachable):
    """Airflow's API server did not answer, or refused the request."""


def _credentials() -> tuple[str, str] | None:
    """The simple auth manager's first user and password, from its passwords file."""
    try:
        users = json.loads(airflow_api()[1].read_text())
    except (OSError, ValueError):
        return None
    return next(iter(users.items()), None) if isinstance(users, dict) else None


class AirflowApi:
    """A session with the API server: ``get`` one resource, ``pages`` of a collection."""

    def __init__(self, url: str | None = None, timeout: float = 10.0) -> None:
        self.url = url or airflow_api()[0]
        self.client = httpx.Client(base_url=self.url, timeout=timeout, trust_env=False)

    def __enter__(self) -> AirflowApi:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client.close()

    def get(self, path: str, **params: Any) -> Any:
        """``GET /api/v2/<path>``; a token is fetched once if the server asks for one."""
        try:
            reply = self.client.get(f"/api/v2/{path}", params=params)
            if reply.status_code in (401, 403) and self._log_in():
                reply = self.client.get(f"/api/v2/{path}", params=params)
        except httpx.HTTPError as error:
            raise AirflowUnreachable(
                f"Airflow's API server at {self.url} did not answer ({error}); start it with "
                "`make airflow` (status reads the scheduler's runs)"
            ) from None
        if reply.status_code >= 400:
            raise AirflowUnreachable(
                f"Airflow's API server at {self.url} answered HTTP {reply.status_code} to "
                f"GET /api/v2/{path}"
            )
        return reply.json()

    def pages(self, path: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a collection (``key`` names its list), page by page."""
        offset = 0
        while True:
            page = self.get(path, limit=PAGE, offset=offset, **params)
            items = page.get(key) or []
            yield from items
            offset += len(items)
            if not items or offset >= int(page.get("total_entries", 0)):
                return

    def _log_in(self) -> bool:
        credentials = _credentials()
        if credentials is None:
            return False
        username, password = credentials
        reply = self.client.post("/auth/token", json={"username": username, "password": password})
        if reply.status_code >= 400:
            return False
        self.client.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"
        return True
