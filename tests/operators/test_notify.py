"""Notices reach a real SMTP server and a real Slack-compatible webhook receiver on 127.0.0.1.

The end-to-end test runs a DAG through Airflow's own ``airflow dags test`` (the task runner calls
the callbacks, as a worker does): one task refused, one not available, one skipped otherwise
and one failing after its last try with a role's password in its error. The servers receive
one e-mail and one post for each of the three a person must see, each one paragraph naming the
quarter, what happened, the error and where to look, and no secret anywhere.
"""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

import pytest
from airflowkit import dags_test, stack_environment
from noticekit import SmtpSink, WebhookSink

from scorecard.errors import Refused
from scorecard.orchestration.notices import notice_for, redact
from scorecard.orchestration.notify import NoticeNotSent, send
from scorecard.settings import Notices, get_notices, runtime_environment
from scorecard.settings.env import SettingError

DAG = textwrap.dedent(
    '''
    """A stand-in for the ingest DAG's endings, each raised the way the ingest tasks raise it."""
    from datetime import UTC, datetime

    from airflow.sdk import Param, dag, task

    from scorecard.errors import NotAvailable, Refused
    from scorecard.orchestration.notify import ScorecardNotifier
    from scorecard.orchestration.runs import task_outcome


    @dag(
        dag_id="scorecard_ingest",
        schedule=None,
        start_date=datetime(2016, 4, 1, tzinfo=UTC),
        params={"period_end": Param("2018-03-31", type=["null", "string"])},
        default_args={
            "retries": 0,
            "on_failure_callback": ScorecardNotifier("failed"),
        },
    )
    def endings():
        @task
        def validate():
            with task_outcome():
                raise Refused("report-2018-03-31.pdf: 3 measures fail validation (see Data Docs)")

        @task(on_skipped_callback=ScorecardNotifier("not available"))
        def wait_for_report():
            with task_outcome():
                raise NotAvailable("Q4 2017/18: no report published; due by 2018-05-31")

        @task
        def fetch():
            from airflow.sdk.exceptions import AirflowSkipException

            raise AirflowSkipException("2018-03-31: every published version is already loaded")

        @task
        def load():
            from scorecard.settings import get_settings, libpq_url

            url = libpq_url(get_settings().loader_url)
            raise RuntimeError(f"connection to {url} lost {{{{ conn.scorecard_webhook.password }}}}")

        [validate(), wait_for_report(), fetch(), load()]


    endings()
    '''
)


@pytest.fixture
def receivers() -> tuple[SmtpSink, WebhookSink]:  # type: ignore[misc]
    with SmtpSink() as smtp, WebhookSink() as webhook:
        yield smtp, webhook


def _settings_for(smtp: SmtpSink, webhook: WebhookSink) -> dict[str, str]:
    return {
        "SCORECARD_NOTIFY_SMTP_URL": smtp.url,
        "SCORECARD_NOTIFY_EMAIL_TO": "performance-team@example.org, data-eng@example.org",
        "SCORECARD_NOTIFY_WEBHOOK_URL": webhook.url,
    }


@pytest.mark.slow
def test_a_dag_run_notifies_what_a_person_must_see(
    warehouse: object, receivers: tuple[SmtpSink, WebhookSink], tmp_path: Path
) -> None:
    smtp, webhook = receivers
    overrides = _settings_for(smtp, webhook)
    result = dags_test(tmp_path, DAG, "scorecard_ingest", overrides)
    env = stack_environment(tmp_path / "airflow", overrides)
    assert "scorecard_ingest" in result.stdout + result.stderr
    mails = smtp.wait_for(3)
    posts = webhook.wait_for(3)
    assert smtp.logins, "the SMTP provider logged in with the configured user"

    texts = sorted(post["text"] for post in posts)
    bodies = sorted(
        mail.get_body(("html",)).get_content().strip()  # type: ignore[union-attr]
        for mail in mails
    )
    assert bodies == sorted(f"<p>{html.escape(text)}</p>" for text in texts)
    subjects = sorted(str(mail["Subject"]) for mail in mails)
    assert subjects == [
        "Council Scorecard: Q4 2017/18 failed",
        "Council Scorecard: Q4 2017/18 not available",
        "Council Scorecard: Q4 2017/18 report refused",
    ]
    assert {str(mail["To"]) for mail in mails} == {
        "performance-team@example.org, data-eng@example.org"
    }
    for text in texts:
        assert text.startswith("Council Scorecard: Q4 2017/18 (2017Q4, period end 2018-03-31) ")
        assert "\n" not in text and "`scorecard status`" in text
        assert "/dags/scorecard_ingest/runs/" in text, text
    refused, failed, not_available = (
        next(t for t in texts if key in t)
        for key in ("refused at validate", "failed at load after its last try", "not available")
    )
    assert "3 measures fail validation" in refused and "scorecard trigger 2017Q4" in refused
    assert "Why: no report was published for 2017Q4; it was due by 2018-05-31" in not_available
    assert "connection to postgresql://" in failed and ":***@127.0.0.1" in failed
    assert "every published version is already loaded" not in " ".join(texts)

    secrets = [smtp.password, webhook.token, *_role_passwords(env)]
    everything = json.dumps(texts) + "".join(mail.as_string() for mail in mails)
    for secret in secrets:
        assert secret not in everything
    assert "{{ conn.scorecard_webhook.password }}" in failed  # written, never rendered


def _role_passwords(env: dict[str, str]) -> list[str]:
    from sqlalchemy.engine import make_url

    from scorecard.settings import ROLE_KEYS, get_settings

    settings = get_settings()
    found = [settings.role_url(key).password or "" for key in ROLE_KEYS]
    found.append(make_url(env["AIRFLOW_CONN_SCORECARD_WAREHOUSE"]).password or "")
    return [secret for secret in found if secret]


def test_a_channel_that_fails_does_not_stop_the_other(
    warehouse: object, receivers: tuple[SmtpSink, WebhookSink], monkeypatch: pytest.MonkeyPatch
) -> None:
    smtp, webhook = receivers
    for key, value in _settings_for(smtp, webhook).items():
        monkeypatch.setenv(key, value)
    for key, value in runtime_environment().items():
        if key.startswith("AIRFLOW_CONN_SCORECARD_"):
            monkeypatch.setenv(key, value)
    webhook.answer_status = 500
    notice = notice_for(
        dag_id="scorecard_ingest",
        task_id="fetch",
        ending="failed",
        error=Refused("the source answered 404 Not Found for report-2018-03-31.pdf"),
        about="Q4 2017/18 (2017Q4, period end 2018-03-31)",
        url=None,
    )
    with pytest.raises(NoticeNotSent, match=r"notice not sent by webhook") as raised:
        send(notice, get_notices(), {})
    assert webhook.token not in str(raised.value)
    [mail] = smtp.wait_for(1)
    assert "answered 404 Not Found" in mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert len(webhook.bodies) >= 1  # it was tried (the provider's own retries aside)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "postgresql://loader:s3cr3t-pw@db:5432/x failed",
            "postgresql://loader:***@db:5432/x failed",
        ),
        ("token T0/B0/abcdefgh in https://hooks/x", "token T0/B0/*** in https://hooks/x"),
        ("nothing secret here", "nothing secret here"),
    ],
)
def test_redact_hides_passwords_in_urls_and_known_secrets(text: str, expected: str) -> None:
    assert redact(text, ["abcdefgh", ""]) == expected


def test_notices_are_off_unless_configured_and_half_a_setting_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key in (
        "SCORECARD_NOTIFY_SMTP_URL",
        "SCORECARD_NOTIFY_EMAIL_TO",
        "SCORECARD_NOTIFY_WEBHOOK_URL",
    ):
        monkeypatch.delenv(key, raising=False)
    assert get_notices() == Notices((), "council-scorecard@localhost", webhook=False)
    assert not any(k.startswith("AIRFLOW_CONN_SCORECARD_SMTP") for k in runtime_environment())
    monkeypatch.setenv("SCORECARD_NOTIFY_SMTP_URL", "smtp://mail.example.org:587")
    with pytest.raises(SettingError, match="SCORECARD_NOTIFY_EMAIL_TO is not set"):
        get_notices()
    monkeypatch.setenv("SCORECARD_NOTIFY_SMTP_URL", "imap://mail.example.org")
    with pytest.raises(SettingError, match="SCORECARD_NOTIFY_SMTP_URL: expected smtp://"):
        runtime_environment()
    monkeypatch.setenv("SCORECARD_NOTIFY_SMTP_URL", "smtps://me:p%40ss@mail.example.org")
    connection = json.loads(runtime_environment()["AIRFLOW_CONN_SCORECARD_SMTP"])
    assert (connection["port"], connection["login"], connection["password"]) == (465, "me", "p@ss")
    assert connection["extra"]["disable_ssl"] is False


def test_scorecard_env_masks_the_channels_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from scorecard.cli.warehouse import env

    monkeypatch.setenv(
        "SCORECARD_NOTIFY_WEBHOOK_URL", "https://hooks.example.org/services/T1/B2/xyzsecret"
    )
    printed = CliRunner().invoke(env, []).output
    assert "xyzsecret" not in printed and "AIRFLOW_CONN_SCORECARD_WEBHOOK='***'" in printed


def test_a_failed_dbt_build_says_the_marts_were_kept_as_they_were() -> None:
    from scorecard.errors import StepFailed

    notice = notice_for(
        dag_id="scorecard_transform",
        task_id="dbt_build",
        ending="failed",
        error=StepFailed(
            "dbt build failed: 1 node(s) failed\n- test assert_directorate_counts_add_up: Got 2 results"
        ),
        about="the marts",
        url="http://127.0.0.1:8080/dags/scorecard_transform/runs/x/tasks/dbt_build",
    )
    assert notice.subject == "Council Scorecard: a dbt build was kept out of the marts"
    assert "nothing was published and BI tools keep reading the last good marts" in notice.text
    assert (
        "Error: dbt build failed: 1 node(s) failed - test assert_directorate_counts_add_up"
        in notice.text
    )
