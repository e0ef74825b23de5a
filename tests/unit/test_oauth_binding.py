"""The OAuth state's binding to the browser that started the flow: a hash in a cookie per flow."""

from __future__ import annotations

from sellerlink.connections.models import ConnectionKind
from sellerlink.onboarding import binding
from sellerlink.onboarding.oauth_state import OAuthState

STATE = OAuthState(
    nonce="n0nce-_1",
    account_id="a",
    program_id="p",
    key_id="k",
    kind=ConnectionKind.SELLING_PARTNER,
    expires_at=1,
)


def test_the_cookie_holds_a_hash_of_the_state_for_ten_minutes() -> None:
    cookie = binding.set_cookie(STATE, "payload.signature")
    assert (cookie.name, cookie.max_age) == ("sellerlink_oauth_n0nce-_1", 600)
    assert cookie.value == binding.fingerprint("payload.signature") and "payload" not in cookie.value
    assert (cookie.http_only, cookie.secure, cookie.same_site, cookie.path) == (True, True, "Lax", "/")


def test_only_the_same_state_in_the_same_cookie_is_bound() -> None:
    held = {"sellerlink_oauth_n0nce-_1": binding.fingerprint("payload.signature")}
    assert binding.bound(STATE, "payload.signature", held)
    assert not binding.bound(STATE, "payload.other", held)
    assert not binding.bound(STATE, "payload.signature", {})
    assert not binding.bound(
        STATE, "payload.signature", {"sellerlink_oauth_other": held["sellerlink_oauth_n0nce-_1"]}
    )


def test_cookies_are_read_from_the_events_cookie_list() -> None:
    assert binding.cookies_of(["a=1", "b=2; c=3", "junk", "=x"]) == {"a": "1", "b": "2", "c": "3"}
    assert binding.cookies_of(None) == {}


def test_a_callback_forgets_the_cookie_its_state_names_and_ignores_garbage() -> None:
    token = "eyJub25jZSI6ICJuMG5jZS1fMSJ9.sig"  # {"nonce": "n0nce-_1"}
    forget = binding.clear_cookie(token)
    assert forget is not None and (forget.name, forget.value, forget.max_age) == (
        "sellerlink_oauth_n0nce-_1",
        "",
        0,
    )
    assert binding.clear_cookie("garbage") is None and binding.clear_cookie(None) is None
    assert binding.clear_cookie("eyJub25jZSI6ICJhO2I9YyJ9.sig") is None  # {"nonce": "a;b=c"}
