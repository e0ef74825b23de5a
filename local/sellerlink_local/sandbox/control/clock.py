"""The sandbox clock: real UTC time shifted by a settable offset.

Setting the clock keeps it ticking from the new instant, so code expiry and token
expiry behave as on Amazon while tests jump days ahead with ``advance``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def parse_instant(text: str) -> datetime:
    """Parse ISO-8601 (``Z`` or offset); naive values are UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def format_instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class SandboxClock:
    def __init__(self, real_now: Callable[[], datetime] | None = None) -> None:
        self._real_now = real_now or (lambda: datetime.now(UTC))
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._real_now() + self._offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    def set(self, instant: datetime) -> None:
        with self._lock:
            self._offset = instant - self._real_now()

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)
