"""Notices to operators through Airflow's notifier interface: e-mail and a Slack-compatible webhook.

:class:`ScorecardNotifier` is a Task SDK ``BaseNotifier``: a DAG passes it as a task's
``on_failure_callback`` (Airflow calls that after the last try only) and
``on_skipped_callback``. It builds one paragraph (:mod:`scorecard.orchestration.notices`) and
hands it to the providers' own notifiers, ``SmtpNotifier`` and ``SlackWebhookNotifier``, over the
connections ``scorecard_smtp`` and ``scorecard_webhook`` that the settings define
(:mod:`scorecard.settings.operators`). Each channel is optional; with none configured nothing is
built or sent. The paragraph is given to the providers already written: it is never rendered as
a template, so an error message cannot reach into the context or a connection.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from typing import Any, Literal

from airflow.sdk import BaseNotifier

from scorecard.errors import TransientError
from scorecard.orchestration.notices import (
    INGEST_DAG_ID,
    NOT_AVAILABLE,
    TRANSFORM_DAG_ID,
    Notice,
    context_fields,
    notice_for,
)
from scorecard.settings import (
    ROLE_KEYS,
    SMTP_CONN_ID,
    WEBHOOK_CONN_ID,
    Notices,
    get_notices,
    get_settings,
)

log = logging.getLogger(__name__)

Ending = Literal["failed", "not available"]


class NoticeNotSent(TransientError):
    """A notice channel could not be reached; the message names the channel, not its secret."""


def _quarter(context: Any) -> Any:
    """The quarter of an ingest run, or None when the run names none."""
    from scorecard.orchestration.timetable import quarter_of_run

    return quarter_of_run(context.get("params"), context.get("data_interval_end"))


def _about(context: Any, dag_id: str, run_id: str) -> str:
    """What the run is for: its quarter (ingest), the marts (transform), else the run id."""
    if dag_id == TRANSFORM_DAG_ID:
        return "the marts"
    if dag_id != INGEST_DAG_ID:
        return f"{dag_id} run {run_id}"
    quarter = _quarter(context)
    if quarter is None:
        return f"run {run_id} (no quarter)"
    return f"{quarter.label} ({quarter.code}, period end {quarter.period_end})"


def _not_available_reason(context: Any) -> str | None:
    """Why a quarter is not available, from the schedule (a skip's callback gets no error)."""
    from scorecard.orchestration.runs import report_due
    from scorecard.settings import get_schedule

    quarter = _quarter(context)
    if quarter is None:
        return None
    schedule = get_schedule()
    return (
        f"no report was published for {quarter.code}; it was due by "
        f"{report_due(quarter, schedule):%Y-%m-%d}, more than {schedule.wait_horizon_days} days "
        "ago: add its URL to sources.yml and trigger it again"
    )


def known_secrets() -> list[str]:
    """Every secret a notice might otherwise echo: each role's password, the channels'."""
    from urllib.parse import unquote, urlsplit

    from scorecard.settings.operators import NOTIFY_SMTP_URL, NOTIFY_WEBHOOK_URL

    settings = get_settings()
    found = [settings.role_url(key).password or "" for key in ROLE_KEYS]
    smtp = NOTIFY_SMTP_URL.raw()
    if smtp:
        found.append(unquote(urlsplit(smtp).password or ""))
    webhook = NOTIFY_WEBHOOK_URL.raw()
    if webhook:
        found += [webhook, webhook.rstrip("/").rsplit("/", 1)[-1]]
    return found


def build_notice(context: Any, ending: Ending, secrets: Iterable[str] | None = None) -> Notice:
    """The notice for a task's context and how it ended."""
    fields = context_fields(context)
    about = _about(context, fields["dag_id"], fields["run_id"])
    return notice_for(
        dag_id=fields["dag_id"],
        task_id=fields["task_id"],
        ending=ending,
        error=fields["error"],
        about=about,
        url=fields["url"],
        reason=_not_available_reason(context) if ending == NOT_AVAILABLE else None,
        secrets=known_secrets() if secrets is None else secrets,
    )


def send(notice: Notice, channels: Notices, context: Any) -> None:
    """Send one notice to every configured channel; a channel that fails does not stop the
    others, and the failures are raised together at the end."""
    from airflow.providers.slack.notifications.slack_webhook import SlackWebhookNotifier
    from airflow.providers.smtp.notifications.smtp import SmtpNotifier

    senders: list[tuple[str, BaseNotifier]] = []
    if channels.email_to:
        body = f"<p>{html.escape(notice.text)}</p>"
        email = SmtpNotifier(
            to=list(channels.email_to),
            from_email=channels.email_from,
            subject=notice.subject,
            html_content=body,
            smtp_conn_id=SMTP_CONN_ID,
        )
        senders.append(("e-mail", email))
    if channels.webhook:
        senders.append(
            (
                "webhook",
                SlackWebhookNotifier(slack_webhook_conn_id=WEBHOOK_CONN_ID, text=notice.text),
            )
        )
    failed = []
    for name, sender in senders:
        try:
            sender.notify(context)  # the text is final: no template rendering (see the module)
        except Exception as error:
            log.error("the %s notice was not sent: %s", name, type(error).__name__)
            failed.append(f"{name} ({type(error).__name__})")
    if failed:
        raise NoticeNotSent(f"notice not sent by {', '.join(failed)}: {notice.subject}")


class ScorecardNotifier(BaseNotifier):
    """Tell the configured channels when a task ends in a way a person must see.

    ``ending`` says which callback it is given to: ``"failed"`` (``on_failure_callback``, called
    after the last try) or ``"not available"`` (the sensor's ``on_skipped_callback``).
    """

    def __init__(self, ending: Ending = "failed") -> None:
        super().__init__()
        self.ending: Ending = ending

    def notify(self, context: Any) -> None:
        channels = get_notices()
        if not channels.any:
            return
        notice = build_notice(context, self.ending)
        log.info("notice: %s", notice.subject)
        send(notice, channels, context)
