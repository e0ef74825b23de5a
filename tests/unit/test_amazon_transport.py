"""Amazon's retry rules: 429 and 5xx and timeouts are retried with backoff; other 4xx never."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from sellerlink.amazon.transport import AmazonUnavailable, RetryPolicy, Transport


class ScriptedSession:
    """Answers from a script: an int is a status (with optional Retry-After), an exception is raised."""

    def __init__(self, *script: Any) -> None:
        self.script, self.calls = list(script), 0

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.calls += 1
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        status, headers = step if isinstance(step, tuple) else (step, {})
        answer = requests.Response()
        answer.status_code, answer.headers = status, requests.structures.CaseInsensitiveDict(headers)
        return answer


def transport(session: ScriptedSession, sleeps: list[float], attempts: int = 5) -> Transport:
    policy = RetryPolicy(attempts=attempts, base_seconds=1, cap_seconds=8)
    return Transport(policy, session, sleep=sleeps.append, jitter=lambda: 1.0)  # type: ignore[arg-type]


def test_429_with_retry_after_waits_as_amazon_says() -> None:
    sleeps: list[float] = []
    session = ScriptedSession((429, {"Retry-After": "3"}), 200)
    assert transport(session, sleeps).send("op", "GET", "http://x").status_code == 200
    assert sleeps == [3.0]


def test_429_without_retry_after_and_5xx_back_off_exponentially() -> None:
    sleeps: list[float] = []
    session = ScriptedSession(429, 500, 503, 200)
    assert transport(session, sleeps).send("op", "GET", "http://x").status_code == 200
    assert sleeps == [1.0, 2.0, 4.0]


def test_the_backoff_is_capped() -> None:
    sleeps: list[float] = []
    session = ScriptedSession(500, 500, 500, 500, 500, 200)
    transport(session, sleeps, attempts=6).send("op", "GET", "http://x")
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 8.0]


def test_timeouts_are_retried() -> None:
    sleeps: list[float] = []
    session = ScriptedSession(requests.Timeout(), requests.ConnectionError(), 200)
    assert transport(session, sleeps).send("op", "GET", "http://x").status_code == 200


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_client_errors_are_never_retried(status: int) -> None:
    sleeps: list[float] = []
    session = ScriptedSession(status, 200)
    assert transport(session, sleeps).send("op", "GET", "http://x").status_code == status
    assert session.calls == 1 and sleeps == []


def test_giving_up_says_why() -> None:
    session = ScriptedSession(*([503] * 3))
    with pytest.raises(AmazonUnavailable, match="gave up after 3 attempts \\(HTTP 503\\)"):
        transport(session, [], attempts=3).send("op", "GET", "http://x")
