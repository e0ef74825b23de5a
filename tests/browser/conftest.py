"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, installed by `make test`
when missing; Playwright's own browser download is never used) against `sellerlink serve`'s stack.

Each test gets a fresh browser profile. `Browser.look(name)` is what every visited page goes
through: axe-core (vendored in vendor/, injected into the page) must find no serious or critical
violation, and full-page screenshots at 1440 and 360 px wide land in screenshots/ (git-ignored),
where the page must not scroll sideways at 360 px.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent
AXE = (HERE / "vendor" / "axe.min.js").read_text()
SHOTS = HERE / "screenshots"
WIDE, NARROW = {"width": 1440, "height": 900}, {"width": 360, "height": 800}
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as started:
        yield started


@dataclass
class Browser:
    """One person's browser: a fresh profile, one tab, and the pages it looked at."""

    context: BrowserContext
    page: Page
    base_url: str
    test_name: str
    looked: list[str] = field(default_factory=list)

    def go(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        return self.page

    def look(self, name: str) -> None:
        """Checks the page as it stands with axe, and keeps screenshots at both widths."""
        page = self.page
        page.wait_for_load_state("load")
        violations = accessibility_violations(page)
        assert violations == [], f"{name}: {violations}"
        stem = f"{self.test_name}-{len(self.looked) + 1:02d}-{name}"
        page.screenshot(path=str(SHOTS / f"{stem}-1440.png"), full_page=True)
        page.set_viewport_size(NARROW)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(SHOTS / f"{stem}-360.png"), full_page=True)
        page.set_viewport_size(WIDE)
        assert overflow <= 1, f"{name} scrolls sideways by {overflow} px at 360 px wide"
        self.looked.append(name)

    def sign_in_with_key(self, key: str, here: bool = False) -> None:
        """On the sign-in page (this one, when `here`: it returns to where the person was going)."""
        if not here:
            self.go("/")
        self.page.get_by_label("Your API key").fill(key)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state("load")

    def submit(self, button: str) -> None:
        found = self.page.get_by_role("button", name=button, exact=True)
        assert found.count(), f"no button '{button}' on {self.page.url}: {self.page.content()[:3000]}"
        with self.page.expect_navigation():
            found.first.click()


def accessibility_violations(page: Page) -> list[Any]:
    """axe-core's serious and critical violations on the page (injected through the DevTools
    protocol, so the page's Content-Security-Policy, which allows no inline script, still holds)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, where: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in found if v["impact"] in SERIOUS]


@pytest.fixture(autouse=True)
def sandbox_clock_put_back(stack: Any) -> Iterator[None]:
    """The journeys move Amazon's clock by days; the end-to-end tests that share this process's
    stack read it after them, so it is put back as it was."""
    clock = f"{stack.sandbox_url}/_sandbox/clock"
    before = requests.get(clock, timeout=10).json()["now"]
    yield
    requests.put(clock, json={"now": before}, timeout=10).raise_for_status()


@pytest.fixture
def browser(playwright: Playwright, stack: Any, request: pytest.FixtureRequest) -> Iterator[Browser]:
    yield from open_browser(playwright, stack, request)


@pytest.fixture
def second_browser(playwright: Playwright, stack: Any, request: pytest.FixtureRequest) -> Iterator[Browser]:
    yield from open_browser(playwright, stack, request, suffix="-2")


def open_browser(
    playwright: Playwright, stack: Any, request: pytest.FixtureRequest, suffix: str = ""
) -> Iterator[Browser]:
    SHOTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sellerlink-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport=WIDE,
            accept_downloads=True,
        )
        context.set_default_timeout(30_000)
        page = context.pages[0] if context.pages else context.new_page()
        name = re.sub(r"\W+", "-", request.node.name).strip("-") + suffix
        try:
            yield Browser(context, page, stack.api_url, name)
        finally:
            context.close()
