"""The partners' marketplace (logic and data access, moto in-process): what is listed, filtered
and paged, and nothing a partner must not read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from sellerlink.clock import FixedClock
from sellerlink.errors import Forbidden, Unprocessable
from sellerlink.marketplace import listing
from sellerlink.marketplace.listing import ListingFilter, marketplace_page
from sellerlink.marketplace.models import MarketplacePage
from sellerlink.partners import logic as partners_logic
from sellerlink.programs.models import ProgramStatus
from sellerlink.table import CURSOR_REFUSED, encode_cursor
from tests.unit.partner_world import ASINS, World


@pytest.fixture
def world(table_name: str, clock: FixedClock) -> World:
    return World(table_name, clock)


def browse(
    world: World, wanted: ListingFilter | None = None, limit: int = 20, cursor: str | None = None
) -> MarketplacePage:
    _, partner = world.partner("Browsing Partner")
    return marketplace_page(
        world.programs, world.partners, world.clock, partner, wanted or ListingFilter(), limit, cursor
    )


def ids(page: MarketplacePage) -> list[str]:
    return [card.program_id for card in page.programs]


def test_only_listed_active_programs_with_terms_are_shown_with_their_public_card(world: World) -> None:
    # Given a listed program, an unlisted one, and a listed one that is paused
    acme = world.brand("Acme Outdoor")
    listed = world.program(
        acme,
        "US",
        listed=True,
        description="Tents",
        categories=["Outdoor"],
        logo_url="https://acme.example/l.png",
    )
    world.program(acme, "DE")
    paused = world.program(world.brand("Beta Gear"), "US", listed=True)
    world.programs.save(paused.model_copy(update={"status": ProgramStatus.PAUSED}))
    # When a partner browses
    page = browse(world)
    # Then only the listed, active program is there, with what a partner may read
    (card,) = page.programs
    assert (card.program_id, card.brand_name, card.marketplace, card.currency, card.site) == (
        listed.program_id,
        "Acme Outdoor",
        "US",
        "USD",
        "amazon.com",
    )
    assert (card.description, card.categories, card.logo_url, card.product_count) == (
        "Tents",
        ["Outdoor"],
        "https://acme.example/l.png",
        len(ASINS),
    )
    assert card.terms is not None and (card.terms.default.type, card.terms.default.value) == (
        "percent",
        Decimal(8),
    )
    assert card.auto_approve is False and page.next_cursor is None
    assert "account_id" not in card.model_dump()


def test_a_card_shows_groups_by_size_upcoming_terms_and_auto_approval_but_no_asins(world: World) -> None:
    brand = world.brand()
    group = {"name": "hero", "asins": list(ASINS[:2]), "payout": {"type": "per_unit", "value": "3.00"}}
    program = world.program(
        brand, terms={"default": {"type": "percent", "value": "8"}, "payout_groups": [group]}
    )
    later = (world.clock.now() + timedelta(days=10)).date()
    world.set_terms(
        brand, program, {"default": {"type": "percent", "value": "12"}, "effective_date": later.isoformat()}
    )
    partners_logic.set_auto_approve(world.partners, world.programs, brand.admin, program.program_id, True)
    world.programs.save(
        world.programs.get(brand.account.account_id, program.program_id).model_copy(update={"listed": True})
    )  # type: ignore[union-attr]
    (card,) = browse(world).programs
    assert card.auto_approve is True
    assert card.terms is not None and [(g.name, g.asin_count) for g in card.terms.payout_groups] == [
        ("hero", 2)
    ]
    assert [(t.effective_date, t.default.value) for t in card.upcoming_terms] == [(later, Decimal(12))]
    assert ASINS[0] not in card.model_dump_json()


def test_filters_by_marketplace_category_rate_and_text(world: World) -> None:
    tents = world.program(world.brand("Acme Outdoor"), "US", listed=True, categories=["Camping"])
    books = world.program(
        world.brand("Page Turner"),
        "DE",
        listed=True,
        categories=["Books"],
        terms={"default": {"type": "percent", "value": "4"}},
    )
    fixed = world.program(
        world.brand("Fixed Fees"),
        "US",
        listed=True,
        terms={"default": {"type": "per_purchase", "value": "5.00"}},
    )
    assert ids(browse(world, ListingFilter(marketplace="de"))) == [books.program_id]
    assert ids(browse(world, ListingFilter(category="camping"))) == [tents.program_id]
    assert ids(browse(world, ListingFilter(min_rate=Decimal(5)))) == [
        tents.program_id
    ]  # fixed fees never compare
    assert ids(browse(world, ListingFilter(text="turner"))) == [books.program_id]
    assert ids(browse(world, ListingFilter(text="fixed fees us"))) == [fixed.program_id]  # the title


def test_pages_follow_the_cursor_across_marketplaces_without_loss_or_repeat(world: World) -> None:
    listed = [
        world.program(world.brand(f"Brand {i}"), code, listed=True).program_id
        for i, code in enumerate(["US", "US", "DE", "FR"])
    ]
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = browse(world, limit=2, cursor=cursor)
        seen += ids(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(listed) and len(seen) == len(set(seen))


def test_a_filter_that_matches_little_answers_a_short_page_with_a_cursor(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "EXAMINED", 2)
    for name in ("Alpha", "Beta", "Gamma"):
        world.program(world.brand(name), "US", listed=True)
    first = browse(world, ListingFilter(text="gamma"))
    assert first.programs == [] and first.next_cursor is not None
    assert [
        c.brand_name for c in browse(world, ListingFilter(text="gamma"), cursor=first.next_cursor).programs
    ] == ["Gamma"]


def test_an_unknown_marketplace_is_422_naming_the_supported_ones(world: World) -> None:
    with pytest.raises(Unprocessable) as refused:
        browse(world, ListingFilter(marketplace="JP"))
    assert refused.value.detail == (
        "Marketplace 'JP' is not one Sellerlink runs on; use one of US, CA, MX, UK, DE, FR, IT, ES, NL."
    )


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        encode_cursor({"partition": 99, "after": None}),
        encode_cursor({"partition": 0, "after": "x"}),
    ],
)
def test_a_cursor_this_list_did_not_give_is_422(world: World, cursor: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        browse(world, cursor=cursor)
    assert refused.value.detail == CURSOR_REFUSED


def test_a_cursor_into_another_index_partition_is_refused(world: World) -> None:
    key = {"PK": "x", "SK": "y", "GSI2PK": "PROGRAM#prg_1", "GSI2SK": "PARTNER_POLICY"}
    with pytest.raises(Unprocessable) as refused:
        browse(world, cursor=encode_cursor({"partition": 0, "after": key}))
    assert refused.value.detail == CURSOR_REFUSED


def test_the_marketplace_is_for_partner_keys(world: World) -> None:
    brand = world.brand()
    with pytest.raises(Forbidden) as refused:
        marketplace_page(world.programs, world.partners, world.clock, brand.admin, ListingFilter(), 20, None)
    assert refused.value.detail == "This route is for partners; use a partner API key."
