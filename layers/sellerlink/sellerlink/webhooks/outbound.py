"""Outbound deliveries: the `Sender` port, and the one adapter that speaks HTTP to webhook receivers.

It connects to the address the target check resolved (never resolving again), sends the host
name as Host header and TLS server name (certificates are verified against it), gives up after
10 seconds, never follows a redirect, and reads at most the first 1 KB of the answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

import certifi
import urllib3
from urllib3.exceptions import HTTPError

from sellerlink.webhooks.targets import Target

TIMEOUT_SECONDS = 10.0
KEPT_BYTES = 1024


@dataclass(frozen=True)
class Outbound:
    method: str
    headers: dict[str, str]
    body: bytes = b""


@dataclass(frozen=True)
class Answer:
    status: int | None
    body: str
    latency_ms: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Sender(Protocol):
    def send(self, target: Target, request: Outbound) -> Answer: ...


class HttpSender:
    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self._timeout = urllib3.Timeout(total=timeout)

    def send(self, target: Target, request: Outbound) -> Answer:
        started = time.monotonic()
        pool = self._pool(target)
        try:
            response = pool.urlopen(
                request.method,
                target.path,
                body=request.body or None,
                headers={
                    **request.headers,
                    "Host": target.host_header,
                    "User-Agent": "Sellerlink-Webhooks/1",
                },
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
            body = response.read(KEPT_BYTES, decode_content=False)
            response.release_conn()
        except HTTPError as error:
            return Answer(None, "", _since(started), f"{type(error).__name__}: {error}")
        finally:
            pool.close()
        return Answer(response.status, body.decode("utf-8", "replace"), _since(started))

    def _pool(self, target: Target) -> urllib3.HTTPConnectionPool:
        if target.scheme == "https":
            return urllib3.HTTPSConnectionPool(
                target.address,
                target.port,
                timeout=self._timeout,
                retries=False,
                server_hostname=target.host,
                assert_hostname=target.host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where(),
            )
        return urllib3.HTTPConnectionPool(target.address, target.port, timeout=self._timeout, retries=False)


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
