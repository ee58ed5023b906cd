"""Test kit: the receivers of operators' notices, real servers on 127.0.0.1.

- :class:`SmtpSink`: an ``aiosmtpd`` SMTP server that requires a login (plain AUTH, no TLS:
  loopback only) and keeps every message it accepts;
- :class:`WebhookSink`: an HTTP server answering like a Slack-compatible incoming webhook
  (``200 ok``, or the status a test asks for) and keeping every JSON body posted to it;
- :class:`LineageSink`: an HTTP server answering like an OpenLineage endpoint, keeping every
  event posted to ``/api/v1/lineage``.

Each is a context manager; ``wait_for(count)`` polls until that many arrived (no sleeps in the
tests' assertions: it returns as soon as they are there).
"""

from __future__ import annotations

import email
import email.policy
import json
import secrets
import threading
import time
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from airflowkit import free_port


def _wait(items: list[Any], count: int, timeout: float, what: str) -> list[Any]:
    deadline = time.monotonic() + timeout
    while len(items) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: {len(items)} of {count} arrived in {timeout:.0f} s")
        time.sleep(0.05)
    return list(items)


class SmtpSink:
    """An SMTP server on 127.0.0.1 that takes mail from one login and keeps it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.user = "scorecard-notices"
        self.password = secrets.token_urlsafe(16)
        self.messages: list[EmailMessage] = []
        self.logins: list[str] = []
        self._controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self._authenticate,
            auth_require_tls=False,
            auth_required=True,
        )

    @property
    def url(self) -> str:
        """The project's setting for this server (its login inside, no TLS on loopback)."""
        return f"smtp://{self.user}:{self.password}@127.0.0.1:{self.port}?tls=off"

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.user
            and data.password.decode() == self.password
        )
        if ok:
            self.logins.append(mechanism)
        return AuthResult(success=ok)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 60) -> list[EmailMessage]:
        return _wait(self.messages, count, timeout, "e-mails")

    def __enter__(self) -> SmtpSink:
        self._controller.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._controller.stop()


class _JsonSink:
    """An HTTP server on 127.0.0.1 keeping every JSON body posted to it."""

    answer_status = 200
    answer_body = b"ok"

    def __init__(self) -> None:
        self.port = free_port()
        self.bodies: list[dict[str, Any]] = []
        self.paths: list[str] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                sink.bodies.append(body)
                sink.paths.append(self.path)
                self.send_response(sink.answer_status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(sink.answer_body)

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> _JsonSink:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, count: int, timeout: float = 60) -> list[dict[str, Any]]:
        return _wait(self.bodies, count, timeout, f"posts to 127.0.0.1:{self.port}")


class WebhookSink(_JsonSink):
    """A Slack-compatible incoming webhook: answers ``200 ok`` (or ``answer_status``)."""

    def __init__(self) -> None:
        super().__init__()
        self.token = f"T0SCORE/B0CARD/{secrets.token_hex(12)}"

    @property
    def url(self) -> str:
        """The webhook's URL: its last parts are the secret, as Slack's are."""
        return f"http://127.0.0.1:{self.port}/services/{self.token}"

    def __enter__(self) -> WebhookSink:
        super().__enter__()
        return self


class LineageSink(_JsonSink):
    """An OpenLineage HTTP endpoint (as Marquez's ``/api/v1/lineage``)."""

    answer_body = b"{}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LineageSink:
        super().__enter__()
        return self
