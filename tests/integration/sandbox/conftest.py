"""Fixtures for driving the Amazon sandbox over real HTTP on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_driver import AmazonDriver
from sandbox_specs import AttributionSpec, CatalogSpec, ReportsSpec

from sellerlink_local.sandbox.server import Sandbox


@pytest.fixture(scope="session")
def running_sandbox() -> Iterator[Sandbox]:
    sandbox = Sandbox().start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def amazon(running_sandbox: Sandbox) -> AmazonDriver:
    """The sandbox, reset, with a driver that plays Sellerlink's part."""
    driver = AmazonDriver(running_sandbox.url)
    driver.control("post", "/_sandbox/reset").raise_for_status()
    driver.control("put", "/_sandbox/throttling", json={"catalog": {"rate": 1000, "burst": 1000}})
    return driver


@pytest.fixture(scope="session")
def attribution_spec() -> AttributionSpec:
    return AttributionSpec()


@pytest.fixture(scope="session")
def catalog_spec() -> CatalogSpec:
    return CatalogSpec()


@pytest.fixture(scope="session")
def reports_spec() -> ReportsSpec:
    return ReportsSpec()
