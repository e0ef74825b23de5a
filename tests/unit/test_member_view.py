"""What an approved member reads (logic and data access, moto in-process): the program, the terms
that apply to it alone, its commission per product; and applications against requirements."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerlink.clock import FixedClock
from sellerlink.errors import Forbidden, Unprocessable
from sellerlink.marketplace import members
from sellerlink.marketplace.members import MemberStores
from sellerlink.partners import logic as partners_logic
from sellerlink.partners.models import ApplicationForm, MembershipStatus
from sellerlink.programs.models import ApplicationField
from sellerlink.terms.commission import CompiledTerms, RateSource, TermsSchedule, payout_for
from sellerlink.terms.models import Payout, PayoutGroup, PayoutType, Promotion, TermsVersion
from tests.unit.partner_world import ASINS, World


@pytest.fixture
def world(table_name: str, clock: FixedClock) -> World:
    return World(table_name, clock)


def stores(world: World) -> MemberStores:
    return MemberStores(world.programs, world.partners, world.terms, world.products, world.clock)


def test_a_member_reads_the_program_as_a_partner_sees_it(world: World) -> None:
    brand = world.brand()
    program = world.program(brand, description="Tents and stoves")
    _, partner = world.partner()
    world.join(brand, program, partner)
    view = members.program_view(stores(world), partner, program.program_id)
    assert (
        view.name,
        view.brand_name,
        view.marketplace,
        view.currency,
        view.status,
        view.lock_period_days,
    ) == (
        program.name,
        "Acme Outdoor",
        "US",
        "USD",
        "active",
        32,
    )
    assert view.membership_status is MembershipStatus.APPROVED and view.promotable.active_products == 4
    assert "onboarding" not in view.model_dump() and "account_id" not in view.model_dump()


def test_a_partner_reads_its_private_terms_and_never_another_partners(world: World) -> None:
    # Given two members, the first with private terms
    brand = world.brand()
    program = world.program(brand)
    first, first_key = world.partner("First")
    _, second_key = world.partner("Second")
    world.join(brand, program, first_key)
    world.join(brand, program, second_key)
    world.set_terms(brand, program, {"default": {"type": "percent", "value": "12"}}, first.partner_id)
    # When each reads its terms
    own = members.terms_view(stores(world), first_key, program.program_id)
    other = members.terms_view(stores(world), second_key, program.program_id)
    # Then the first earns its private terms, the second the program's and sees nothing private
    assert own.in_force is not None and (own.in_force.source, own.in_force.default.value) == (
        "private",
        Decimal(12),
    )
    assert other.in_force is not None and (other.in_force.source, other.in_force.default.value) == (
        "program",
        Decimal(8),
    )
    assert [v.source for v in other.versions] == ["program"]
    assert '"value":"12"' not in other.model_dump_json()  # not the id's digits: ids are random


def test_private_terms_that_start_later_leave_the_programs_in_force_until_then(world: World) -> None:
    brand = world.brand()
    program = world.program(brand)
    partner, key = world.partner()
    world.join(brand, program, key)
    later = world.clock.now().date() + timedelta(days=5)
    world.set_terms(
        brand,
        program,
        {"default": {"type": "percent", "value": "15"}, "effective_date": later.isoformat()},
        partner.partner_id,
    )
    view = members.terms_view(stores(world), key, program.program_id)
    assert view.in_force is not None and view.in_force.source == "program"
    assert [(v.source, v.effective_date) for v in view.versions][-1] == ("private", later)


def test_each_active_product_shows_what_it_earns_this_partner(world: World) -> None:
    brand = world.brand()
    today = world.clock.now().date()
    terms = {
        "default": {"type": "percent", "value": "8"},
        "payout_groups": [
            {"name": "hero", "asins": [ASINS[1]], "payout": {"type": "per_unit", "value": "3.00"}}
        ],
        "promotions": [
            {
                "name": "launch",
                "start": today.isoformat(),
                "end": (today + timedelta(days=3)).isoformat(),
                "asins": [ASINS[2]],
                "payout": {"type": "percent", "value": "20"},
            }
        ],
    }
    program = world.program(brand, terms=terms)
    world.products.upsert(
        brand.account.account_id,
        program.program_id,
        [
            world.products.get_many(brand.account.account_id, program.program_id, [ASINS[3]])[
                ASINS[3]
            ].model_copy(update={"active": False})
        ],
    )
    _, key = world.partner()
    world.join(brand, program, key)
    page = members.products_view(stores(world), key, program.program_id, limit=10, cursor=None)
    earned = {p.asin: p.commission for p in page.products}
    assert sorted(earned) == sorted(ASINS[:3])  # the inactive one is not promotable
    assert (earned[ASINS[0]].source, earned[ASINS[0]].at_list_price) == (RateSource.DEFAULT, Decimal("1.60"))  # type: ignore[union-attr]
    assert (earned[ASINS[1]].source, earned[ASINS[1]].name, earned[ASINS[1]].at_list_price) == (
        RateSource.PAYOUT_GROUP,
        "hero",
        Decimal("3.00"),
    )  # type: ignore[union-attr]
    assert (earned[ASINS[2]].source, earned[ASINS[2]].value, earned[ASINS[2]].at_list_price) == (
        RateSource.PROMOTION,
        Decimal(20),
        Decimal("4.00"),
    )  # type: ignore[union-attr]
    assert page.products[0].detail_page == f"https://www.amazon.com/dp/{ASINS[0]}"


def test_products_page_by_cursor_over_active_products(world: World) -> None:
    brand = world.brand()
    program = world.program(brand)
    _, key = world.partner()
    world.join(brand, program, key)
    first = members.products_view(stores(world), key, program.program_id, limit=3, cursor=None)
    rest = members.products_view(stores(world), key, program.program_id, limit=3, cursor=first.next_cursor)
    assert [p.asin for p in first.products + rest.products] == list(ASINS) and rest.next_cursor is None


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (None, "Partner {pid} is not a member of program {prg}; apply to it first."),
        (
            "pending",
            "Partner {pid} cannot read the program: "
            "its application is still waiting for the brand's approval.",
        ),
        ("declined", "Partner {pid} cannot read the program: the brand declined its application."),
    ],
)
def test_only_an_approved_member_reads_the_program(world: World, status: str | None, message: str) -> None:
    brand = world.brand()
    program = world.program(brand)
    partner, key = world.partner()
    if status:
        partners_logic.apply(
            world.partners, world.programs, world.clock, key, program.program_id, world.events
        )
    if status == "declined":
        partners_logic.decide(
            world.partners,
            world.programs,
            world.clock,
            brand.admin,
            program.program_id,
            partner.partner_id,
            partners_logic.MembershipAction.DECLINE,
            world.events,
        )
    with pytest.raises(Forbidden) as refused:
        members.program_view(stores(world), key, program.program_id)
    assert refused.value.detail == message.format(pid=partner.partner_id, prg=program.program_id)


def test_an_application_lacking_required_fields_is_422_naming_them(world: World) -> None:
    brand = world.brand()
    required = {
        "text": "Outdoor creators",
        "required_fields": ["website", "audience_size", "promotion_methods"],
    }
    program = world.program(brand, application_requirements=required)
    _, key = world.partner()
    with pytest.raises(Unprocessable) as refused:
        partners_logic.apply(
            world.partners,
            world.programs,
            world.clock,
            key,
            program.program_id,
            world.events,
            ApplicationForm(website="https://t.example", promotion_methods=[]),
        )
    assert refused.value.detail == (
        f"Program {program.program_id} asks every application for website, audience_size, promotion_methods; "
        "this one lacks audience_size, promotion_methods. Send audience_size, promotion_methods in the "
        "application's body."
    )
    assert refused.value.extensions == {"missing_fields": ["audience_size", "promotion_methods"]}


def test_a_complete_application_is_kept_for_the_brand_and_an_invitation_needs_none(world: World) -> None:
    brand = world.brand()
    program = world.program(brand, application_requirements={"required_fields": [ApplicationField.WEBSITE]})
    _, applicant = world.partner("Applicant")
    form = ApplicationForm(website="https://t.example", message="Hi")
    applied = partners_logic.apply(
        world.partners, world.programs, world.clock, applicant, program.program_id, world.events, form
    )
    assert applied.application == form and applied.status is MembershipStatus.PENDING
    invited, invited_key = world.partner("Invited")
    partners_logic.invite(
        world.partners,
        world.programs,
        world.clock,
        brand.admin,
        program.program_id,
        invited.partner_id,
        world.events,
    )
    accepted = partners_logic.apply(
        world.partners, world.programs, world.clock, invited_key, program.program_id, world.events
    )
    assert accepted.status is MembershipStatus.APPROVED


DAY = date(2026, 3, 10)
PAYOUTS = st.builds(
    Payout,
    type=st.sampled_from(list(PayoutType)),
    value=st.decimals(min_value=0, max_value=100, places=2),
)


@given(
    default=PAYOUTS,
    grouped=st.sets(st.sampled_from(ASINS), max_size=2),
    promoted=st.sets(st.sampled_from(ASINS), max_size=2),
    promo_days=st.integers(min_value=-2, max_value=2),
    group_payout=PAYOUTS,
    promo_payout=PAYOUTS,
)
def test_the_rate_a_partner_is_shown_is_the_rate_the_ledger_pays(
    default: Payout,
    grouped: set[str],
    promoted: set[str],
    promo_days: int,
    group_payout: Payout,
    promo_payout: Payout,
) -> None:
    start = DAY + timedelta(days=promo_days)
    version = TermsVersion(
        account_id="a",
        program_id="p",
        version=1,
        effective_date=DAY,
        default=default,
        payout_groups=[PayoutGroup(name="g", asins=sorted(grouped), payout=group_payout)] if grouped else [],
        promotions=[
            Promotion(
                name="p",
                start=start,
                end=start + timedelta(days=1),
                asins=sorted(promoted),
                payout=promo_payout,
            )
        ]
        if promoted
        else [],
        created_at="2026-03-01T00:00:00Z",  # type: ignore[arg-type]
    )
    compiled = CompiledTerms.of(version)
    for asin in ASINS:
        payout, _, _ = payout_for(version, asin, DAY)
        shown = compiled.rate(asin, DAY)
        assert (shown.type, shown.value) == (
            payout.type,
            payout.value / 100 if payout.type is PayoutType.PERCENT else payout.value,
        )


def test_a_schedule_tells_the_version_in_force_and_each_later_change() -> None:
    def version(number: int, start: date) -> TermsVersion:
        return TermsVersion(
            account_id="a",
            program_id="p",
            version=number,
            effective_date=start,
            default=Payout(type=PayoutType.PERCENT, value=Decimal(number)),
            created_at="2026-03-01T00:00:00Z",
        )  # type: ignore[arg-type]

    first, second, third = (
        version(1, date(2026, 3, 1)),
        version(2, date(2026, 3, 20)),
        version(3, date(2026, 4, 1)),
    )
    schedule = TermsSchedule([third, first, second])
    assert schedule.version_on(date(2026, 2, 1)) is None and schedule.version_on(DAY) == first
    assert [(start, v.version) for start, v in schedule.from_day(DAY)] == [
        (date(2026, 3, 1), 1),
        (date(2026, 3, 20), 2),
        (date(2026, 4, 1), 3),
    ]
