"""Where a webhook may go. A URL is checked when it is registered and again before every
delivery: https only (http in local mode too), and every address its host resolves to must be
public. Private, loopback (allowed in local mode), link-local, metadata, multicast and reserved
addresses are refused. The delivery connects to the address checked here, so a name cannot
resolve somewhere else between the check and the connection (no DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from sellerlink.errors import Unprocessable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
METADATA = (ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"))


class Resolver(Protocol):
    def addresses(self, host: str, port: int) -> list[str]: ...


class SystemResolver:
    def addresses(self, host: str, port: int) -> list[str]:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror:
            return []
        return sorted({str(info[4][0]) for info in found})


@dataclass(frozen=True)
class Target:
    """A checked URL: connect to `address`, speak to `host` (Host header, TLS server name)."""

    scheme: str
    host: str
    port: int
    address: str
    path: str

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


class TargetRefused(Unprocessable):
    """The URL may not receive webhooks; the detail says why."""


def check(url: str, *, local_mode: bool, resolver: Resolver) -> Target:
    parts = urlsplit(url)
    allowed = ("https", "http") if local_mode else ("https",)
    if parts.scheme not in allowed:
        raise TargetRefused(f"Webhook URLs must use https ({url!r} does not).")
    if not parts.hostname or parts.username or parts.password:
        raise TargetRefused("Give a URL with a host name and no user or password in it.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise TargetRefused("The URL's port is not a number between 1 and 65535.") from None
    host = parts.hostname
    found = [host] if _is_literal(host) else resolver.addresses(host, port)
    if not found:
        raise TargetRefused(f"The host {host} does not resolve to any address.")
    for text in found:
        reason = refusal(ipaddress.ip_address(text), local_mode)
        if reason:
            raise TargetRefused(f"The host {host} resolves to {text}, {reason}; give a public address.")
    path = parts.path or "/"
    return Target(parts.scheme, host, port, found[0], path + (f"?{parts.query}" if parts.query else ""))


def refusal(address: Address, local_mode: bool) -> str | None:
    """Why this address may not receive webhooks, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in METADATA:
        return "the cloud metadata address"
    if address.is_loopback:
        return None if local_mode else "a loopback address"
    checks = (
        (address.is_link_local, "a link-local address"),
        (address.is_private, "a private address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    )
    return next((reason for refused, reason in checks if refused), None)


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
