"""The stack's functions read the sandbox clock from the file the sandbox publishes, without a
request: each change of the clock is in the file before the change is answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sellerlink.clock import OffsetFileClock, SandboxClock, SystemClock, clock_for
from sellerlink_local.sandbox.control.clock import SandboxClock as SandboxSideClock


def close_to(moment: datetime, expected: datetime) -> bool:
    return abs(moment - expected) < timedelta(seconds=5)


def test_every_change_of_the_sandbox_clock_is_read_from_its_file(tmp_path: Path) -> None:
    sandbox, path = SandboxSideClock(), tmp_path / "clock"
    sandbox.publish_to(path)
    functions = clock_for(f"file://{path}")
    assert isinstance(functions, OffsetFileClock)
    assert close_to(functions.now(), datetime.now(UTC))
    sandbox.set(datetime(2030, 1, 1, tzinfo=UTC))
    assert close_to(functions.now(), datetime(2030, 1, 1, tzinfo=UTC))
    sandbox.advance(86_400)
    assert close_to(functions.now(), datetime(2030, 1, 2, tzinfo=UTC))
    sandbox.reset()
    assert close_to(functions.now(), datetime.now(UTC))
    assert [p.name for p in tmp_path.iterdir()] == ["clock"]


def test_without_a_file_the_clock_is_the_systems_or_the_sandboxs_over_http() -> None:
    assert isinstance(clock_for(None), SystemClock)
    assert isinstance(clock_for("http://127.0.0.1:1/_sandbox/clock"), SandboxClock)
