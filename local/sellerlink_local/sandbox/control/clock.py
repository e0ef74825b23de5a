"""The sandbox clock: real UTC time shifted by a settable offset.

Setting the clock keeps it ticking from the new instant, so code expiry and token
expiry behave as on Amazon while tests jump days ahead with ``advance``. With ``publish_to``, the
offset is also written to a file on every change (before the change is answered), so the stack's
functions read the clock from it (`sellerlink.clock.OffsetFileClock`) without a request.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path


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
        self._published: Path | None = None

    def now(self) -> datetime:
        with self._lock:
            return self._real_now() + self._offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    def set(self, instant: datetime) -> None:
        with self._lock:
            self._change(instant - self._real_now())

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._change(self._offset + timedelta(seconds=seconds))

    def reset(self) -> None:
        with self._lock:
            self._change(timedelta(0))

    def publish_to(self, path: Path) -> None:
        """Writes the offset to `path` now and on every change."""
        with self._lock:
            self._published = path
            self._change(self._offset)

    def _change(self, offset: timedelta) -> None:
        self._offset = offset
        if self._published is not None:  # written whole, then renamed: a reader never sees half
            partial = self._published.with_suffix(".partial")
            partial.write_text(repr(offset.total_seconds()))
            os.replace(partial, self._published)
