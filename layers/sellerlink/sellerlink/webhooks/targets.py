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
from sellerlink.webhooks.addresses import refusal


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
    def url(self) -> str:
        """The URL as requested: `scheme://host[:port]/path?query`, the port only when not the default."""
        return f"{self.scheme}://{self.host_header}{self.path}"

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


class TargetRefused(Unprocessable):
    """The URL may not receive webhooks; the detail says why."""


def check(url: str, *, local_mode: bool, resolver: Resolver) -> Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise TargetRefused(
            f"{url!r} is not a valid URL ({error}); give a URL such as https://host/path."
        ) from None
    allowed = ("https", "http") if local_mode else ("https",)
    if parts.scheme not in allowed:
        raise TargetRefused(f"Webhook URLs must use https ({url!r} does not).")
    if not parts.hostname or parts.username or parts.password:
        raise TargetRefused("Give a URL with a host name and no user or password in it.")
    if port == 0:
        raise TargetRefused("The URL's port is 0; give a port between 1 and 65535, or none.")
    port = port or (443 if parts.scheme == "https" else 80)
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


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
