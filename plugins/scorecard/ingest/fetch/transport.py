"""The fetch's httpx transport: httpcore's connection pool over the guarded network backend.

httpx's own ``HTTPTransport`` builds its pool with httpcore's default backend and takes no
backend of ours; httpcore's ``ConnectionPool`` takes one (``network_backend``). So this
transport is httpx's public ``BaseTransport`` over that public pool: requests and responses
are translated field by field, and httpcore's errors become httpx's of the same name, so the
client and its callers see an ordinary httpx transport. No proxies (they would hide the
target from the address check), certificates always verified.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from scorecard.ingest.fetch.guard import Deadline, GuardedBackend, IPNetwork, ssl_context

_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)
"""httpcore's errors and httpx's, most specific first."""


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        for theirs, ours in _ERRORS:
            if isinstance(error, theirs):
                raise ours(str(error)) from error
        raise


class _Body(httpx.SyncByteStream):
    """A response body read from httpcore, its errors as httpx's."""

    def __init__(self, response: httpcore.Response) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._response.iter_stream()

    def close(self) -> None:
        self._response.close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport whose every connection goes through :class:`GuardedBackend`."""

    def __init__(self, verify: bool | str, allowed: tuple[IPNetwork, ...], deadline: Deadline):
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context(verify), network_backend=GuardedBackend(allowed, deadline)
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        outgoing = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            response = self._pool.handle_request(outgoing)
        extensions: dict[str, Any] = dict(response.extensions)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response),
            extensions=extensions,
        )

    def close(self) -> None:
        self._pool.close()
