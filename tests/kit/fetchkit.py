"""Test kit for the fetch stage: a real HTTP(S) server on 127.0.0.1 with scripted answers.

The server runs ``http.server`` in a thread. Each path has a script: a list of :class:`Reply`
consumed one per request (the last one repeats). Requests are recorded with their headers, so
a test can assert what the fetcher sent (retries, ``If-None-Match``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scorecard.ingest.fetch import FetchOptions
from scorecard.settings import Settings

PERIOD = dt.date(2018, 3, 31)
PATH = "/reports/2018-03-31.pdf"
"""The quarter and server path most fetch tests use."""
FAST = FetchOptions(
    connect_timeout=1.0, read_timeout=1.0, max_attempts=3, backoff_initial=0.01, backoff_max=0.05
)
"""Options for tests: short timeouts and pauses, three tries."""
PDF = {"Content-Type": "application/pdf"}


def tiny_pdf(marker: str = "v1") -> bytes:
    """A small body that passes the ``%PDF-`` check (the fetcher does not parse PDFs)."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% "
        + marker.encode()
        + b"\ntrailer\n%%EOF\n"
    )


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    honour_conditional: bool = True
    """Answer 304 when the request's If-None-Match equals this reply's ETag."""
    trickle: float = 0.0
    """Send the body one byte at a time, this many seconds apart (a slow or hostile server)."""


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


class ScriptedServer:
    """A threaded HTTP server answering from per-path scripts."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.scripts: dict[str, list[Reply]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def script(self, path: str, *replies: Reply) -> str:
        """Set the answers for ``path``; returns its URL."""
        self.scripts[path] = list(replies)
        return self.url(path)

    def seen(self, path: str, method: str = "GET") -> list[Seen]:
        return [r for r in self.requests if r.path == path and r.method == method]

    def _next(self, method: str, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.requests.append(Seen(method, path, headers))
            script = self.scripts.get(path)
            if not script:
                return Reply(404, b"not found", {"Content-Type": "text/plain"})
            return script.pop(0) if len(script) > 1 else script[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self, send_body: bool) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply = server._next(self.command, self.path, headers)
                if reply.delay:
                    time.sleep(reply.delay)
                etag = reply.headers.get("ETag")
                if reply.honour_conditional and etag and headers.get("if-none-match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if send_body:
                    # the client may stop reading (size cap, deadline): expected
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self._send_body(reply)

            def _send_body(self, reply: Reply) -> None:
                if not reply.trickle:
                    self.wfile.write(reply.body)
                    return
                for index in range(len(reply.body)):
                    self.wfile.write(reply.body[index : index + 1])
                    self.wfile.flush()
                    time.sleep(reply.trickle)

            def do_GET(self) -> None:
                self._answer(send_body=True)

            def do_HEAD(self) -> None:
                self._answer(send_body=False)

        return Handler

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        """Make ``path`` redirect to ``target`` (a path here, or any URL); returns its URL."""
        location = self.url(target) if target.startswith("/") else target
        return self.script(path, Reply(status, b"", {"Location": location}))

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def write_sources(settings: Settings, text: str) -> None:
    settings.sources_file.write_text(text)


def landed_files(settings: Settings) -> list[Path]:
    """Every file in the landing area (relative), to assert that nothing was kept."""
    root = Path(settings.landing_url.removeprefix("file://"))
    if not root.exists():
        return []
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by itself (so no client trusts it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file
