"""Fault injection: seeded, per path prefix (429 with/without Retry-After, 500, timeout)."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from typing import Any

KINDS = ("429", "429-no-retry-after", "500", "timeout")


@dataclass(frozen=True)
class FaultRule:
    path_prefix: str
    kind: str
    rate: float
    retry_after: int
    delay_seconds: float

    @staticmethod
    def parse(raw: Any) -> FaultRule:
        if not isinstance(raw, dict):
            raise ValueError("each rule must be an object")
        kind = str(raw.get("kind", ""))
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        rate = float(raw.get("rate", 1.0))
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        prefix = str(raw.get("path_prefix", "/"))
        if not prefix.startswith("/"):
            raise ValueError("path_prefix must start with /")
        return FaultRule(
            prefix, kind, rate, int(raw.get("retry_after", 1)), float(raw.get("delay_seconds", 15.0))
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "path_prefix": self.path_prefix,
            "kind": self.kind,
            "rate": self.rate,
            "retry_after": self.retry_after,
            "delay_seconds": self.delay_seconds,
        }


class FaultInjector:
    """Decides, deterministically for a seed and a request sequence, which requests fail."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.clear()

    def clear(self) -> None:
        self.configure({"rules": []})

    def configure(self, body: dict[str, Any]) -> None:
        raw_rules = body.get("rules", [])
        if not isinstance(raw_rules, list):
            raise ValueError("rules must be a list")
        rules = [FaultRule.parse(raw) for raw in raw_rules]
        seed = body.get("seed", 0)
        with self._lock:
            self.seed = seed
            self.rules = rules
            self._random = random.Random(seed)
            self.served = 0

    def pick(self, path: str) -> FaultRule | None:
        """The fault this request suffers, if any (one draw per matching rule)."""
        with self._lock:
            for rule in self.rules:
                if path.startswith(rule.path_prefix) and self._random.random() < rule.rate:
                    self.served += 1
                    return rule
            return None

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "rules": [rule.to_json() for rule in self.rules], "served": self.served}
