"""HTTP to Amazon with Amazon's retry rules: 429 and 5xx (and timeouts) are retried with
backoff, honouring Retry-After when Amazon sends it; no other 4xx is ever retried.

Headers and bodies are never logged: they carry tokens.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import requests

from sellerlink.model import Model


class AmazonError(Exception):
    """Amazon answered with an error that retrying will not fix (or retries ran out)."""

    def __init__(self, operation: str, status: int, details: str) -> None:
        super().__init__(f"{operation}: {status} {details}")
        self.operation, self.status, self.details = operation, status, details


class AmazonUnavailable(AmazonError):
    """Throttling, server errors or timeouts outlasted every retry."""


class RetryPolicy(Model):
    attempts: int = 8
    base_seconds: float = 0.25
    cap_seconds: float = 20.0
    timeout_seconds: float = 10.0

    @property
    def worst_case_seconds(self) -> float:
        """The longest one `send` can take: every attempt timing out, every wait at the cap."""
        return self.attempts * self.timeout_seconds + (self.attempts - 1) * self.cap_seconds


class Transport:
    def __init__(
        self,
        policy: RetryPolicy | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.session = session or requests.Session()
        self._sleep, self._jitter = sleep, jitter
        self.retries = 0

    def send(self, operation: str, method: str, url: str, **kwargs: Any) -> requests.Response:
        """The first answer that is neither 429 nor 5xx; AmazonUnavailable when none came."""
        last = "no answer"
        for attempt in range(self.policy.attempts):
            try:
                answer = self.session.request(method, url, timeout=self.policy.timeout_seconds, **kwargs)
            except (requests.Timeout, requests.ConnectionError) as error:
                last, retry_after = type(error).__name__, None
            else:
                if answer.status_code != 429 and answer.status_code < 500:
                    return answer
                last, retry_after = f"HTTP {answer.status_code}", answer.headers.get("Retry-After")
            if attempt + 1 < self.policy.attempts:
                self.retries += 1
                self._sleep(self.delay(attempt, retry_after))
        raise AmazonUnavailable(operation, 503, f"gave up after {self.policy.attempts} attempts ({last})")

    def delay(self, attempt: int, retry_after: str | None) -> float:
        """Retry-After when Amazon gives it, else exponential backoff with full jitter."""
        if retry_after and retry_after.replace(".", "", 1).isdigit():
            return min(float(retry_after), self.policy.cap_seconds)
        ceiling = min(self.policy.cap_seconds, self.policy.base_seconds * 2**attempt)
        return self._jitter() * ceiling
