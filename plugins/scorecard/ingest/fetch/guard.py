"""Where a download may connect, and for how long: checked on every connection it opens.

Every TCP connection (the first request and each redirect hop) goes through
:class:`GuardedBackend`: the host name is resolved once, **every** address it resolves to must
be public (no loopback, private, link-local, shared, multicast or cloud-metadata address,
unless an allow-list entry covers it), and the socket connects to the address that was checked,
so DNS cannot answer differently between the check and the connection. Every read and write
on that connection is bounded by the download's :class:`Deadline`, so a server trickling one
byte a second (headers or body) is cut off when the deadline passes.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import certifi
import httpcore

from scorecard.errors import Refused, TransientError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
"""Cloud instance-metadata endpoints (AWS/GCP/Azure, ECS, Alibaba, AWS IPv6)."""


class AddressRefused(Refused):
    """A host resolved to an address a fetch may not reach; ``rule`` says which rule."""

    def __init__(self, host: str, address: str, rule: str) -> None:
        where = address if host.strip("[]") == address else f"{host} resolves to {address},"
        super().__init__(f"{where} {rule}")
        self.rule = rule


class DeadlinePassed(TransientError):
    """The download's deadline passed during a connect, read or write."""


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[tuple[ipaddress.IPv4Address, str]]:
    """The IPv4 addresses an IPv6 address carries, and in which form: a gateway or relay
    (NAT64, 6to4, Teredo) or the host itself (mapped, compatible) delivers to them."""
    value = int(address)
    found: list[tuple[ipaddress.IPv4Address, str]] = []
    if address.ipv4_mapped is not None:
        found.append((address.ipv4_mapped, "IPv4-mapped"))
    elif address in _NAT64:
        found.append((ipaddress.IPv4Address(value & 0xFFFFFFFF), "NAT64"))
    elif address in _NAT64_LOCAL:  # RFC 6052 /48: the address skips bits 64-71
        high, low = (value >> 64) & 0xFFFF, (value >> 40) & 0xFFFF
        found.append((ipaddress.IPv4Address(high << 16 | low), "local-use NAT64"))
    elif address in _COMPATIBLE and value > 1:
        found.append((ipaddress.IPv4Address(value & 0xFFFFFFFF), "IPv4-compatible"))
    elif address.sixtofour is not None:
        found.append((address.sixtofour, "6to4"))
    elif address.teredo is not None:
        found += [(address.teredo[0], "Teredo server"), (address.teredo[1], "Teredo client")]
    return found


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_COMPATIBLE = ipaddress.ip_network("::/96")


def address_rule(address: IPAddress, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Why ``address`` may not be fetched from (``"is a loopback address"``), or ``None``.

    An IPv6 address that carries an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) is
    judged by that IPv4 address too: a translating gateway or relay would deliver to it."""
    allowed = tuple(allowed)
    if isinstance(address, ipaddress.IPv6Address):
        for inner, form in embedded_ipv4(address):
            if (rule := address_rule(inner, allowed)) is not None:
                return f"embeds {inner} ({form}), which {rule}"
            if form == "IPv4-mapped":
                return None
    if any(address in network for network in allowed):
        return None
    if address in METADATA_ADDRESSES:
        return "is a cloud metadata address"
    if address.is_loopback:
        return "is a loopback address"
    if address.is_link_local:
        return "is a link-local address"
    if address.is_private:
        return "is a private address"
    if not address.is_global or address.is_multicast:
        return "is not a public address"
    return None


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """The allow-list setting (``127.0.0.1``, ``10.0.0.0/8``...) as networks."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


@dataclass
class Deadline:
    """The moment a download must be finished by (monotonic clock)."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def bound(self, timeout: float | None) -> float:
        """``timeout`` shortened to what is left; raises once nothing is left."""
        left = self.remaining()
        if left <= 0:
            raise DeadlinePassed()
        return left if timeout is None else min(timeout, left)


class _BoundedStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.bound(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.bound(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._deadline.bound(timeout))
        return _BoundedStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves, checks every address, then connects to a checked one (see the module doc)."""

    def __init__(self, allowed: tuple[IPNetwork, ...], deadline: Deadline) -> None:
        self._allowed = allowed
        self._deadline = deadline
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._resolve(host, port)
        for address in addresses:
            if (rule := address_rule(address, self._allowed)) is not None:
                raise AddressRefused(host, str(address), rule)
        stream = self._inner.connect_tcp(
            str(addresses[0]), port, self._deadline.bound(timeout), local_address, socket_options
        )
        return _BoundedStream(stream, self._deadline)

    @staticmethod
    def _resolve(host: str, port: int) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror}") from None
        return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def ssl_context(verify: bool | str) -> ssl.SSLContext:
    """Certificate verification always on: the system/certifi CAs, or a given bundle."""
    return ssl.create_default_context(cafile=verify if isinstance(verify, str) else certifi.where())
