"""The sandbox's Login with Amazon forgets an app's tokens when the user removes its access."""

from __future__ import annotations

import json

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from sellerlink_local.sandbox.control.api import revocations
from sellerlink_local.sandbox.lwa.tokens import Grant, TokenBook
from sellerlink_local.sandbox.state import SandboxState


def test_revoking_a_users_access_drops_its_tokens_for_that_api_only() -> None:
    book = TokenBook()
    ads = book.issue_tokens(Grant("dana", "client", "ads"), now=0)
    spapi = book.issue_tokens(Grant("dana", "client", "spapi"), now=0)
    other = book.issue_tokens(Grant("vic", "client", "ads"), now=0)
    assert book.revoke("dana", "ads") == 1
    assert ads["refresh_token"] not in book.refresh and book.resolve(str(ads["access_token"]), 1) == "invalid"
    assert spapi["refresh_token"] in book.refresh and other["refresh_token"] in book.refresh
    assert book.revoke("dana") == 1 and book.revoke("dana") == 0


def post(state: SandboxState, body: object) -> tuple[int, dict[str, object]]:
    request = Request(EnvironBuilder(method="POST", path="/_sandbox/revocations", json=body).get_environ())
    answer = revocations(state, request)
    return answer.status_code, json.loads(answer.get_data())


def test_the_control_route_says_what_it_needs() -> None:
    state = SandboxState()
    assert post(state, {"login": "dana"}) == (200, {"revoked_refresh_tokens": 0})
    status, body = post(state, {"login": "dana", "audience": "shopping"})
    assert status == 400 and "give login, and audience ads or spapi if only one" in json.dumps(body)
