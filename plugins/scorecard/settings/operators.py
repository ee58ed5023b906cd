"""Who is told when a quarter needs a person, and where lineage goes: both off by default.

- **Notices** (:class:`Notices`): an e-mail through an SMTP server and/or a post to a
  Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat take the same
  ``{"text": ...}``). Each is optional; with neither set, nothing is sent. The SMTP server and
  the webhook reach Airflow's providers as the connections ``scorecard_smtp`` and
  ``scorecard_webhook`` (:func:`notice_connections`), so their secrets live where Airflow keeps
  connection secrets and never in a message.
- **Lineage** (:func:`lineage_environment`): OpenLineage events through Airflow's OpenLineage
  provider, to an HTTP endpoint (Marquez, DataHub) or a file. Unset, the provider is switched
  off explicitly: nothing is sent anywhere. Airflow's own ``AIRFLOW__OPENLINEAGE__TRANSPORT``
  (any transport the provider knows: Kafka, console, ...) is honoured when set instead.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from scorecard.settings.env import SettingError, declare

_GROUP = "operators"
NOTIFY_SMTP_URL = declare(
    "SCORECARD_NOTIFY_SMTP_URL",
    None,
    "SMTP server for e-mail notices: `smtp://user:password@host:587` (STARTTLS), "
    "`smtps://user:password@host:465` (TLS), `smtp://host:25?tls=off` (no TLS, a relay on the "
    "same host)",
    group=_GROUP,
    shown="unset: no e-mail",
)
NOTIFY_EMAIL_TO = declare(
    "SCORECARD_NOTIFY_EMAIL_TO",
    None,
    "recipients of e-mail notices, comma-separated (needed with the SMTP URL)",
    group=_GROUP,
)
NOTIFY_EMAIL_FROM = declare(
    "SCORECARD_NOTIFY_EMAIL_FROM",
    "council-scorecard@localhost",
    "sender of e-mail notices",
    group=_GROUP,
)
NOTIFY_WEBHOOK_URL = declare(
    "SCORECARD_NOTIFY_WEBHOOK_URL",
    None,
    'a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): `{"text": ...}` is '
    "posted to it",
    group=_GROUP,
    shown="unset: no posts",
)
LINEAGE_URL = declare(
    "SCORECARD_LINEAGE_URL",
    None,
    "OpenLineage events: `http(s)://host:5000` (Marquez; DataHub's OpenLineage endpoint) or "
    "`file:///path/events.jsonl`",
    group=_GROUP,
    shown="unset: off, nothing sent",
)
LINEAGE_NAMESPACE = declare(
    "SCORECARD_LINEAGE_NAMESPACE",
    "council-scorecard",
    "the OpenLineage namespace of the pipeline's jobs",
    group=_GROUP,
)

SMTP_CONN_ID = "scorecard_smtp"
WEBHOOK_CONN_ID = "scorecard_webhook"
SMTP_CONN_KEY = f"AIRFLOW_CONN_{SMTP_CONN_ID.upper()}"
WEBHOOK_CONN_KEY = f"AIRFLOW_CONN_{WEBHOOK_CONN_ID.upper()}"
NOTICE_SECRET_KEYS = (SMTP_CONN_KEY, WEBHOOK_CONN_KEY)
"""Variables of the runtime environment that carry a notice channel's secret."""


@dataclass(frozen=True)
class Notices:
    """Where notices go: e-mail recipients (empty: no e-mail), whether a webhook is set."""

    email_to: tuple[str, ...]
    email_from: str
    webhook: bool

    @property
    def any(self) -> bool:
        return bool(self.email_to) or self.webhook


def get_notices() -> Notices:
    """The notice channels configured now; an SMTP URL without recipients is refused."""
    recipients = tuple(
        address.strip() for address in (NOTIFY_EMAIL_TO.raw() or "").split(",") if address.strip()
    )
    smtp = NOTIFY_SMTP_URL.raw()
    if bool(smtp) != bool(recipients):
        missing = NOTIFY_EMAIL_TO if smtp else NOTIFY_SMTP_URL
        raise SettingError(f"{missing.name} is not set: e-mail notices need both it and the other")
    return Notices(
        recipients, NOTIFY_EMAIL_FROM.text(), webhook=NOTIFY_WEBHOOK_URL.raw() is not None
    )


def _smtp_connection(url: str) -> dict[str, object]:
    """An Airflow SMTP connection (the SMTP provider's fields) from the project's SMTP URL."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise SettingError(
            f"{NOTIFY_SMTP_URL.name}: expected smtp://[user:password@]host[:port] or smtps://..."
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if set(query) - {"tls"} or query.get("tls", "on") not in {"on", "off"}:
        raise SettingError(f"{NOTIFY_SMTP_URL.name}: the only option is ?tls=off")
    implicit_tls = parts.scheme == "smtps"
    return {
        "conn_type": "smtp",
        "host": parts.hostname,
        "port": parts.port or (465 if implicit_tls else 587),
        "login": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "extra": {
            "disable_ssl": not implicit_tls,
            "disable_tls": implicit_tls or query.get("tls") == "off",
            "timeout": 30,
            "retry_limit": 2,
        },
    }


def notice_connections() -> dict[str, str]:
    """The Airflow connections of the configured notice channels, as ``AIRFLOW_CONN_*`` values."""
    env: dict[str, str] = {}
    smtp = NOTIFY_SMTP_URL.raw()
    if smtp:
        env[SMTP_CONN_KEY] = json.dumps(_smtp_connection(smtp))
    webhook = NOTIFY_WEBHOOK_URL.raw()
    if webhook:
        if urlsplit(webhook).scheme not in {"http", "https"}:
            raise SettingError(f"{NOTIFY_WEBHOOK_URL.name}: expected an http(s):// URL")
        # the Slack provider takes a whole URL in the password field (its secret part)
        env[WEBHOOK_CONN_KEY] = json.dumps({"conn_type": "slackwebhook", "password": webhook})
    return env


def _lineage_transport(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"}:
        return {"type": "http", "url": url, "endpoint": "api/v1/lineage", "timeout": 5}
    if parts.scheme == "file" and parts.path:
        return {"type": "file", "log_file_path": unquote(parts.path), "append": True}
    raise SettingError(
        f"{LINEAGE_URL.name}={url!r}: expected http(s)://host:port or file:///path/events.jsonl"
    )


def lineage_environment() -> dict[str, str]:
    """The OpenLineage provider's settings: a transport from :data:`LINEAGE_URL`, else off.

    Airflow's own transport settings, when set, are left to the provider (it reads them).
    """
    url = LINEAGE_URL.raw()
    namespace = {"AIRFLOW__OPENLINEAGE__NAMESPACE": LINEAGE_NAMESPACE.text()}
    if url:
        transport = json.dumps(_lineage_transport(url))
        return {**namespace, "AIRFLOW__OPENLINEAGE__TRANSPORT": transport}
    airflows_own = ("AIRFLOW__OPENLINEAGE__TRANSPORT", "AIRFLOW__OPENLINEAGE__CONFIG_PATH")
    if any(os.environ.get(key) for key in airflows_own):
        return namespace
    return {**namespace, "AIRFLOW__OPENLINEAGE__DISABLED": "True"}
