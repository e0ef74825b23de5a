"""Time as a port: the system clock in AWS, the Amazon sandbox clock on one machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import requests


FILE = "file://"  # a clock URL naming the file the local sandbox publishes its offset to


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SandboxClock:
    """Reads the sandbox's settable clock, so a simulated day is a day for the whole stack."""

    def __init__(self, url: str, session: requests.Session | None = None) -> None:
        import requests  # local mode only: keep it out of the cold start in AWS

        self._url = url
        self._session = session or requests.Session()

    def now(self) -> datetime:
        answer = self._session.get(self._url, timeout=5)
        answer.raise_for_status()
        return datetime.fromisoformat(answer.json()["now"].replace("Z", "+00:00"))


class OffsetFileClock:
    """The sandbox clock as the sandbox publishes it when it runs beside the stack: real UTC time
    plus the offset (seconds) in a file, read at each call, without a request."""

    def __init__(self, path: str) -> None:
        self._path = path

    def now(self) -> datetime:
        with open(self._path, encoding="ascii") as published:
            return datetime.now(UTC) + timedelta(seconds=float(published.read()))


class FixedClock:
    """A clock that only moves when told to: for tests and replays."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def set(self, now: datetime) -> None:
        self._now = now


def clock_for(clock_url: str | None) -> Clock:
    """The system clock in AWS; on one machine the sandbox's, from its file or over HTTP."""
    if not clock_url:
        return SystemClock()
    if clock_url.startswith(FILE):
        return OffsetFileClock(clock_url.removeprefix(FILE))
    return SandboxClock(clock_url)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
