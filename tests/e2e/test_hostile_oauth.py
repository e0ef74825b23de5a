"""Hostile OAuth through the local stack (issue 13): forged, tampered, expired, replayed, wrong-kind
and cross-account states, a reused or expired code, and the binding of a state to the browser that
started the flow (RFC 9700 section 4.7). Each refusal is a page that says to start again, and
connects nothing."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.e2e.conftest import BrandFactory
from tests.e2e.onboarding_flow import Brand, Browser, SandboxAmazon, callback_url, sign_in

BINDING = (
    "This sign-in was not started from this browser, or it was started again since, so Sellerlink "
    "cannot tell it is yours; start again from the program in Sellerlink, in this browser."
)


def with_query(url: str, **changes: str | None) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return parts._replace(query=urlencode(query)).geturl()


def state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["state"][0]


def refused(landed: Any, message: str) -> None:
    assert landed.status_code == 400, landed.text
    assert landed.headers["Content-Type"].startswith("text/html") and message in landed.text


def tampered(state: str) -> str:
    """The same signature over a payload that names another program."""
    payload, _, signature = state.partition(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["program_id"] = "prg_someone_else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{forged}.{signature}"


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda s: None, "Amazon returned without a state; start the connection again from the program."),
        (lambda s: s.split(".")[0] + ".Zm9yZ2Vk", "its signature does not match"),
        (tampered, "its signature does not match"),
        (lambda s: "not-even-a-token", "its signature does not match"),
    ],
    ids=["missing", "forged signature", "tampered payload", "garbage"],
)
def test_a_missing_forged_or_tampered_state_is_refused(
    new_brand: BrandFactory, amazon: SandboxAmazon, tamper: Any, message: str
) -> None:
    brand = Brand(new_brand, amazon)
    url = callback_url(brand)
    refused(brand.browser.open(with_query(url, state=tamper(state_of(url)))), message)
    assert brand.current()["onboarding"]["amazon_ads"] == "not_connected"


def test_a_replayed_state_is_refused(new_brand: BrandFactory, amazon: SandboxAmazon) -> None:
    brand = Brand(new_brand, amazon)
    url = callback_url(brand)
    (cookie,) = list(brand.browser.session.cookies)
    assert brand.browser.open(url).status_code == 200
    # The callback forgot the browser's cookie, so a replay from it is not bound any more
    assert list(brand.browser.session.cookies) == []
    refused(brand.browser.open(url), BINDING)
    # And with the cookie copied back (someone who kept it), the state itself is spent
    brand.browser.session.cookies.set_cookie(cookie)
    refused(brand.browser.open(url), "already used")


def test_an_expired_state_is_refused(new_brand: BrandFactory, restore_sandbox: SandboxAmazon) -> None:
    brand = Brand(new_brand, restore_sandbox)
    url = callback_url(brand)
    restore_sandbox.control("PUT", "clock", {"advance_seconds": 11 * 60})
    refused(brand.browser.open(url), "expired (they last 10 minutes); start again from the program")


def test_a_state_for_the_other_connection_is_refused(new_brand: BrandFactory, amazon: SandboxAmazon) -> None:
    brand = Brand(new_brand, amazon)
    ads_state = state_of(callback_url(brand, "amazon-ads"))
    selling = callback_url(brand, "selling-partner")
    refused(brand.browser.open(with_query(selling, state=ads_state)), "started for another Amazon connection")


def test_a_code_already_used_is_explained(new_brand: BrandFactory, amazon: SandboxAmazon) -> None:
    brand = Brand(new_brand, amazon)
    first = callback_url(brand)
    brand.browser.open(first)
    second = callback_url(brand)
    used_code = parse_qs(urlsplit(first).query)["code"][0]
    refused(brand.browser.open(with_query(second, code=used_code)), "already used or has expired")


def test_an_expired_code_is_explained(new_brand: BrandFactory, restore_sandbox: SandboxAmazon) -> None:
    brand = Brand(new_brand, restore_sandbox)
    url = callback_url(brand)
    restore_sandbox.control("PUT", "clock", {"advance_seconds": 6 * 60})
    refused(brand.browser.open(url), "codes last 5 minutes")


def test_another_accounts_code_cannot_connect_a_program_whose_state_leaked(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    # Given program O's unused Seller Central state, leaked to the brand of another account B
    victim, attacker = Brand(new_brand, amazon), Brand(new_brand, amazon)
    victims_amazon_page = victim.browser.start(victim.consent("selling-partner"))
    leaked = state_of(victims_amazon_page)
    # When B signs in at Amazon itself and lands B's code with O's state, in B's browser or another
    bs_callback = callback_url(attacker, "selling-partner")
    forged = with_query(bs_callback, state=leaked)
    # Then Sellerlink refuses, as the state was not started in that browser, and connects nothing
    refused(attacker.browser.open(forged), BINDING)
    refused(Browser().open(forged), BINDING)
    assert victim.current()["onboarding"]["selling_partner"] == "not_connected"
    # And O's own browser can still finish O's sign-in with O's Amazon account
    landed = victim.browser.open(sign_in(victims_amazon_page, victim.login))
    assert landed.status_code == 200, landed.text
    assert victim.current()["onboarding"]["selling_partner_id"] != attacker.current()["onboarding"].get(
        "selling_partner_id"
    )


def test_the_ads_flow_is_bound_to_its_browser_too(new_brand: BrandFactory, amazon: SandboxAmazon) -> None:
    brand = Brand(new_brand, amazon)
    refused(Browser().open(callback_url(brand, "amazon-ads")), BINDING)
    assert brand.current()["onboarding"]["amazon_ads"] == "not_connected"


def test_the_start_page_sets_a_short_lived_httponly_secure_lax_cookie_holding_a_hash(
    new_brand: BrandFactory, amazon: SandboxAmazon
) -> None:
    brand = Brand(new_brand, amazon)
    link = brand.consent("selling-partner")
    started = brand.browser.open(link)
    assert started.status_code == 302 and "/apps/authorize/consent" in started.headers["Location"]
    (cookie,) = started.headers["Set-Cookie"].split(", ")
    name, _, rest = cookie.partition("=")
    value, *attributes = [part.strip() for part in rest.split(";")]
    assert name.startswith("sellerlink_oauth_") and value and value not in link
    assert set(attributes) == {"Path=/", "Max-Age=600", "HttpOnly", "Secure", "SameSite=Lax"}


@pytest.mark.parametrize("state", ["", "garbage", "eyJub25jZSI6ICJ4In0.Zm9yZ2Vk"])
def test_a_start_page_with_a_bad_state_says_to_start_again(
    new_brand: BrandFactory, amazon: SandboxAmazon, stack: Any, state: str
) -> None:
    landed = Browser().open(f"{stack.api_url}/oauth/amazon-ads/start", state=state)
    refused(landed, "again from the program")
    assert "Set-Cookie" not in landed.headers


def test_a_used_state_cannot_start_again(new_brand: BrandFactory, amazon: SandboxAmazon) -> None:
    brand = Brand(new_brand, amazon)
    link = brand.consent("amazon-ads")
    assert brand.browser.open(sign_in(brand.browser.start(link), brand.login)).status_code == 200
    refused(brand.browser.open(link), "already used")
