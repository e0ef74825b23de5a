"""Fault injection: 429 with and without Retry-After, 500, timeouts; deterministic by seed."""

from __future__ import annotations

import time

import pytest
import requests
from sandbox_driver import AmazonDriver


def faults(amazon: AmazonDriver, *rules: dict[str, object], seed: int = 1) -> None:
    amazon.control("put", "/_sandbox/faults", json={"seed": seed, "rules": list(rules)}).raise_for_status()


def test_a_429_rule_answers_with_retry_after(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand())
    faults(amazon, {"path_prefix": "/v2/profiles", "kind": "429", "rate": 1.0, "retry_after": 7})
    response = amazon.get("/eu/v2/profiles", headers=amazon.ads_headers(connection))
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.json()["code"] == "429"


def test_a_429_without_retry_after_has_no_header(amazon: AmazonDriver) -> None:
    faults(amazon, {"path_prefix": "/catalog", "kind": "429-no-retry-after", "rate": 1.0})
    response = amazon.get("/na/catalog/2022-04-01/items")
    assert response.status_code == 429
    assert "Retry-After" not in response.headers
    assert response.json()["errors"][0]["code"] == "QuotaExceeded"


def test_a_500_rule_answers_500_only_on_its_path_prefix(amazon: AmazonDriver) -> None:
    connection = amazon.connect_ads(amazon.create_brand())
    faults(amazon, {"path_prefix": "/attribution", "kind": "500", "rate": 1.0})
    failed = amazon.get("/na/attribution/publishers", headers=amazon.ads_headers(connection, 1))
    untouched = amazon.get("/na/v2/profiles", headers=amazon.ads_headers(connection))
    assert failed.status_code == 500
    assert untouched.status_code == 200


def test_a_timeout_rule_outlasts_the_clients_patience(amazon: AmazonDriver) -> None:
    faults(amazon, {"path_prefix": "/v2", "kind": "timeout", "rate": 1.0, "delay_seconds": 1.0})
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        amazon.http.get(amazon.url + "/na/v2/profiles", timeout=0.3)
    assert time.monotonic() - started < 1.0


def test_faults_are_deterministic_for_a_seed_and_cleared_by_empty_rules(amazon: AmazonDriver) -> None:
    rule = {"path_prefix": "/catalog", "kind": "500", "rate": 0.5}

    def statuses() -> list[int]:
        return [amazon.get("/na/catalog/2022-04-01/items").status_code for _ in range(20)]

    faults(amazon, rule, seed=42)
    first = statuses()
    faults(amazon, rule, seed=42)
    second = statuses()
    faults(amazon)
    cleared = statuses()
    assert first == second
    assert 500 in first and 403 in first  # un-faulted requests reach the API (no token: 403)
    assert set(cleared) == {403}


def test_an_invalid_fault_rule_is_refused(amazon: AmazonDriver) -> None:
    response = amazon.control(
        "put", "/_sandbox/faults", json={"rules": [{"path_prefix": "/v2", "kind": "502"}]}
    )
    assert response.status_code == 400
    assert "kind must be one of" in response.json()["error"]
