"""Token-bucket throttling, with a fake monotonic clock."""

from __future__ import annotations

import pytest

from sellerlink_local.sandbox.control.throttling import Throttling


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_burst_passes_then_requests_wait_for_the_refill() -> None:
    # Given the catalog default: 2 per second, burst 2
    clock = FakeMonotonic()
    throttling = Throttling(clock)
    # When three requests arrive at once, then one after half a second
    first = [throttling.allow("catalog", "me") for _ in range(3)]
    clock.now += 0.5
    later = throttling.allow("catalog", "me")
    # Then two pass, the third is throttled, and one token has refilled
    assert first == [True, True, False]
    assert later is True


def test_buckets_are_per_caller_and_operation() -> None:
    throttling = Throttling(FakeMonotonic())
    assert [throttling.allow("catalog", "a") for _ in range(3)] == [True, True, False]
    assert throttling.allow("catalog", "b") is True
    assert throttling.allow("unthrottled-operation", "a") is True


def test_configured_rates_replace_the_defaults_and_reset_restores_them() -> None:
    throttling = Throttling(FakeMonotonic())
    throttling.configure({"catalog": {"rate": 50, "burst": 10}})
    assert sum(throttling.allow("catalog", "a") for _ in range(12)) == 10
    throttling.reset()
    assert throttling.to_json()["catalog"] == {"rate": 2.0, "burst": 2.0}


@pytest.mark.parametrize("setting", [{"rate": 0}, {"rate": 1, "burst": 0.5}, "fast"])
def test_a_bad_setting_is_refused(setting: object) -> None:
    with pytest.raises(ValueError):
        Throttling().configure({"catalog": setting})
