"""A webhook receiver on loopback that verifies every delivery with the Standard Webhooks
reference library, for the tests, the demo and the bench.

It keeps each verified delivery by `webhook-id` (duplicates on the wire are counted, never
stored twice), and can be told to be down (answer 503) for a while, like a real endpoint.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def signed_content(method: str, path: str, headers: dict[str, str], body: bytes) -> bytes:
    """What Sellerlink signed: a webhook's body, or a postback's (GET) whole URL as requested."""
    if method != "GET":
        return body
    host = {k.lower(): v for k, v in headers.items()}["host"]
    return f"http://{host}{path}".encode()  # this receiver speaks http; an https one uses https://


@dataclass
class Received:
    webhook_id: str
    method: str
    path: str
    payload: Any
    query: dict[str, str]
    signature: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    body: bytes = field(default=b"", repr=False)


@dataclass
class WebhookReceiver:
    secrets: list[str] = field(default_factory=list)
    deliveries: dict[str, Received] = field(default_factory=dict)
    requests: int = 0
    rejected: int = 0
    down_requests: int = 0
    _down_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.send_response(
                    receiver.take(self.command, self.path, dict(self.headers), self.rfile.read(length))
                )
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def down_for(self, seconds: float) -> None:
        self._down_until = time.monotonic() + seconds

    def take(self, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
        """The status to answer: 503 while down, 401 when no secret verifies, 200 otherwise."""
        with self._lock:
            self.requests += 1
            if time.monotonic() < self._down_until:
                self.down_requests += 1
                return 503
            if not self._verify(signed_content(method, path, headers, body), headers):
                self.rejected += 1
                return 401
            parts = urlsplit(path)
            query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            lower = {k.lower(): v for k, v in headers.items()}
            payload = json.loads(body) if body else {"type": query.get("event_type"), "data": query}
            webhook_id = lower["webhook-id"]
            self.deliveries.setdefault(
                webhook_id,
                Received(
                    webhook_id, method, parts.path, payload, query, lower["webhook-signature"], lower, body
                ),
            )
            return 200

    def _verify(self, body: bytes, headers: dict[str, str]) -> bool:
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers, json_parse=False)
            except WebhookVerificationError:
                continue
            return True
        return False

    def of_type(self, event_type: str) -> list[Received]:
        return [
            d
            for d in list(self.deliveries.values())
            if isinstance(d.payload, dict) and d.payload.get("type") == event_type
        ]

    def wait_for(self, count: int, timeout: float = 30, event_type: str | None = None) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of_type(event_type) if event_type else list(self.deliveries.values())
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"{count} deliveries did not arrive within {timeout}s; got {len(found)}")
