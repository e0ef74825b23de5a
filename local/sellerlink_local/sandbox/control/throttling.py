"""Token-bucket throttling per operation and caller, as SP-API does it (and Amazon Ads per profile)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_RATES: dict[str, tuple[float, float]] = {
    "catalog": (2.0, 2.0),
    "sellers": (0.016, 15.0),
    "reports": (0.0222, 10.0),
    "report_documents": (0.0167, 15.0),
    "ads": (10.0, 20.0),
}


@dataclass
class TokenBucket:
    """``rate`` tokens per second refill a bucket holding at most ``burst`` tokens."""

    rate: float
    burst: float
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    def seconds_until_token(self) -> float:
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate if self.rate > 0 else 60.0


class Throttling:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self.rates: dict[str, tuple[float, float]] = {}
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.rates = dict(DEFAULT_RATES)
            self._buckets = {}

    def configure(self, settings: dict[str, Any]) -> None:
        """``{"catalog": {"rate": 50, "burst": 50}}``; raises ValueError on a bad setting."""
        parsed = {}
        for operation, setting in settings.items():
            if not isinstance(setting, dict):
                raise ValueError(f"{operation}: expected {{rate, burst}}")
            rate = float(setting.get("rate", self.rates.get(operation, (1.0, 1.0))[0]))
            burst = float(setting.get("burst", max(1.0, rate)))
            if rate <= 0 or burst < 1:
                raise ValueError(f"{operation}: rate must be > 0 and burst >= 1")
            parsed[operation] = (rate, burst)
        with self._lock:
            self.rates.update(parsed)
            self._buckets = {key: b for key, b in self._buckets.items() if key[0] not in parsed}

    def limit(self, operation: str) -> float | None:
        found = self.rates.get(operation)
        return found[0] if found else None

    def allow(self, operation: str, caller: str) -> bool:
        with self._lock:
            setting = self.rates.get(operation)
            if setting is None:
                return True
            now = self._monotonic()
            bucket = self._buckets.get((operation, caller))
            if bucket is None:
                bucket = TokenBucket(setting[0], setting[1], setting[1], now)
                self._buckets[(operation, caller)] = bucket
            return bucket.take(now)

    def seconds_until_token(self, operation: str, caller: str) -> float:
        with self._lock:
            bucket = self._buckets.get((operation, caller))
            return bucket.seconds_until_token() if bucket else 0.0

    def to_json(self) -> dict[str, dict[str, float]]:
        return {op: {"rate": rate, "burst": burst} for op, (rate, burst) in self.rates.items()}
