"""Partner keys: authenticated as a partner principal, refused by every brand permission."""

from __future__ import annotations

import pytest

from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.logic import authenticate
from sellerlink.accounts.models import Principal, PrincipalKind
from sellerlink.accounts.permissions import require_brand, require_partner
from sellerlink.clock import FixedClock
from sellerlink.errors import Forbidden, Unauthorized, Unprocessable
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.logic import create_partner, sign_up_partner, update_partner
from sellerlink.partners.models import PartnerUpdate
from sellerlink.table import Table


def test_a_partner_key_authenticates_as_that_partner_and_no_brand(table_name: str, clock: FixedClock) -> None:
    # Given a partner created with its first key
    table = Table(table_name)
    partner, key = create_partner(PartnerStore(table), clock, name="Trail Reviews", website=None)
    # When the key is presented
    principal = authenticate(AccountStore(table), key.key, operator_digest=None)
    # Then it is that partner, which brand routes refuse
    assert (principal.kind, principal.partner_id, principal.account_id) == (
        PrincipalKind.PARTNER,
        partner.partner_id,
        None,
    )
    assert key.key.startswith(f"slk.{partner.partner_id}.") and partner.partner_id.startswith("ptr_")
    assert require_partner(principal) == partner.partner_id
    with pytest.raises(Forbidden, match="brand accounts"):
        require_brand(principal)


def test_a_partner_key_with_a_wrong_secret_is_unauthorized(table_name: str, clock: FixedClock) -> None:
    table = Table(table_name)
    _, key = create_partner(PartnerStore(table), clock, name="Trail Reviews", website=None)
    with pytest.raises(Unauthorized):
        authenticate(AccountStore(table), key.key[:-2] + "xx", operator_digest=None)


def test_partner_sign_up_is_refused_when_the_deployment_does_not_allow_it(
    table_name: str, clock: FixedClock
) -> None:
    with pytest.raises(Forbidden, match="does not allow public sign-up"):
        sign_up_partner(
            PartnerStore(Table(table_name)), clock, name="Solo", website=None, signup_allowed=False
        )


def test_a_partner_changes_only_the_fields_it_sends(table_name: str, clock: FixedClock) -> None:
    store = PartnerStore(Table(table_name))
    partner, key = create_partner(store, clock, name="Trail Reviews", website="https://t.example")
    me = Principal(kind=PrincipalKind.PARTNER, partner_id=partner.partner_id, key_id=key.key_id)
    changed = update_partner(store, me, PartnerUpdate(email="trail@example.com"))
    assert (changed.name, changed.website, changed.email) == (
        "Trail Reviews",
        "https://t.example",
        "trail@example.com",
    )
    cleared = update_partner(store, me, PartnerUpdate.model_validate({"website": None}))
    assert (cleared.website, cleared.email) == (None, "trail@example.com")
    with pytest.raises(Unprocessable, match=r"A partner needs a name; send a new one instead of null\."):
        update_partner(store, me, PartnerUpdate.model_validate({"name": None}))
