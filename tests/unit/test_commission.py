"""The commission function: pure, with property tests over versions, groups and promotions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sellerlink.attribution.models import ConversionType
from sellerlink.terms.commission import TermsSchedule, commission
from sellerlink.terms.models import Payout, PayoutGroup, PayoutType, Promotion, TermsVersion

CREATED = datetime(2026, 1, 1, tzinfo=UTC)
DAY = date(2026, 6, 15)
P = ConversionType.PROMOTED


def version(
    number: int,
    effective: date,
    default: Payout,
    groups: list[PayoutGroup] | None = None,
    promotions: list[Promotion] | None = None,
    partner_id: str | None = None,
) -> TermsVersion:
    return TermsVersion(
        account_id="acct_1",
        program_id="prg_1",
        partner_id=partner_id,
        version=number,
        effective_date=effective,
        default=default,
        payout_groups=groups or [],
        promotions=promotions or [],
        created_at=CREATED,
    )


def pct(value: str) -> Payout:
    return Payout(type=PayoutType.PERCENT, value=Decimal(value))


def per(kind: PayoutType, value: str) -> Payout:
    return Payout(type=kind, value=Decimal(value))


def run(
    program: TermsSchedule,
    partner: TermsSchedule,
    day: date = DAY,
    asin: str | None = "B0ACME0001",
    **kw: object,
) -> Decimal:
    args: dict[str, object] = {
        "conversion_type": P,
        "purchases": 2,
        "units": 3,
        "sales": Decimal("100.00"),
        "currency": "USD",
    }
    args.update(kw)
    return commission(program, partner, day, asin, **args)  # type: ignore[arg-type]


def test_percent_per_purchase_and_per_unit() -> None:
    for payout, expected in [
        (pct("8"), Decimal("8.00")),
        (per(PayoutType.PER_PURCHASE, "1.50"), Decimal("3.00")),
        (per(PayoutType.PER_UNIT, "0.75"), Decimal("2.25")),
    ]:
        assert run(TermsSchedule([version(1, DAY, payout)]), TermsSchedule()) == expected


def test_rounding_is_half_even_to_the_minor_unit() -> None:
    schedule = TermsSchedule([version(1, DAY, pct("10"))])
    assert run(schedule, TermsSchedule(), sales=Decimal("0.25")) == Decimal("0.02")
    assert run(schedule, TermsSchedule(), sales=Decimal("0.35")) == Decimal("0.04")


def test_no_terms_in_force_earns_nothing() -> None:
    schedule = TermsSchedule([version(1, DAY, pct("10"))])
    assert run(schedule, TermsSchedule(), day=DAY - timedelta(days=1)) == Decimal("0.00")


def test_promotion_over_group_over_default_and_private_over_program() -> None:
    asin, grouped = "B0ACME0001", "B0ACME0002"
    program = TermsSchedule(
        [
            version(
                1,
                DAY,
                pct("5"),
                groups=[PayoutGroup(name="g", asins=[asin, grouped], payout=pct("10"))],
                promotions=[Promotion(name="p", start=DAY, end=DAY, asins=[asin], payout=pct("20"))],
            )
        ]
    )
    assert run(program, TermsSchedule(), asin=asin) == Decimal("20.00")
    assert run(program, TermsSchedule(), day=DAY + timedelta(days=1), asin=asin) == Decimal("10.00")
    assert run(program, TermsSchedule(), asin="B0OTHER001") == Decimal("5.00")
    assert run(program, TermsSchedule(), asin=asin, conversion_type=ConversionType.UNALLOCATED) == Decimal(
        "5.00"
    )
    private = TermsSchedule([version(1, DAY, pct("30"), partner_id="ptr_1")])
    assert run(program, private, asin=asin) == Decimal("30.00")


def test_a_later_version_with_an_earlier_date_wins_from_its_date() -> None:
    march, feb = date(2026, 3, 1), date(2026, 2, 1)
    schedule = TermsSchedule(
        [version(1, date(2026, 1, 1), pct("1")), version(2, march, pct("2")), version(3, feb, pct("3"))]
    )
    assert run(schedule, TermsSchedule(), day=date(2026, 1, 15)) == Decimal("1.00")
    assert run(schedule, TermsSchedule(), day=date(2026, 2, 15)) == Decimal("3.00")
    assert run(schedule, TermsSchedule(), day=date(2026, 3, 15)) == Decimal("3.00")


percents = st.decimals(min_value=0, max_value=100, places=2)
amounts = st.decimals(min_value=0, max_value=1000, places=2)
sales = st.decimals(min_value=0, max_value=100000, places=2)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@given(percents, sales, days)
def test_percent_commission_is_the_rounded_share_of_sales(rate: Decimal, amount: Decimal, day: date) -> None:
    schedule = TermsSchedule([version(1, date(2025, 1, 1), Payout(type=PayoutType.PERCENT, value=rate))])
    got = run(schedule, TermsSchedule(), day=day, sales=amount)
    assert got == (amount * rate / 100).quantize(Decimal("0.01"))
    assert got.as_tuple().exponent == -2 and Decimal(0) <= got <= amount


@given(amounts, st.integers(0, 500), st.integers(0, 500))
def test_fixed_amounts_scale_with_purchases_and_units(value: Decimal, purchases: int, units: int) -> None:
    per_purchase = TermsSchedule([version(1, DAY, per(PayoutType.PER_PURCHASE, str(value)))])
    per_unit = TermsSchedule([version(1, DAY, per(PayoutType.PER_UNIT, str(value)))])
    assert run(per_purchase, TermsSchedule(), purchases=purchases, units=units) == value * purchases
    assert run(per_unit, TermsSchedule(), purchases=purchases, units=units) == value * units


@given(st.lists(st.tuples(days, percents), min_size=1, max_size=8), days)
def test_the_version_in_force_is_the_newest_one_dated_on_or_before_the_event(
    changes: list[tuple[date, Decimal]], day: date
) -> None:
    versions = [
        version(n + 1, eff, Payout(type=PayoutType.PERCENT, value=rate))
        for n, (eff, rate) in enumerate(changes)
    ]
    in_force = [v for v in versions if v.effective_date <= day]
    expected = max(in_force, key=lambda v: v.version).default.value if in_force else Decimal(0)
    got = run(TermsSchedule(versions), TermsSchedule(), day=day, sales=Decimal("100.00"))
    assert got == expected.quantize(Decimal("0.01"))


@given(percents, percents, days)
def test_private_terms_in_force_always_replace_the_programs(
    program_rate: Decimal, private_rate: Decimal, day: date
) -> None:
    program = TermsSchedule(
        [version(1, date(2025, 1, 1), Payout(type=PayoutType.PERCENT, value=program_rate))]
    )
    private = TermsSchedule(
        [version(1, DAY, Payout(type=PayoutType.PERCENT, value=private_rate), partner_id="ptr")]
    )
    expected = private_rate if day >= DAY else program_rate
    assert run(program, private, day=day) == expected.quantize(Decimal("0.01"))


@given(
    st.dates(min_value=date(2026, 6, 1), max_value=date(2026, 6, 30)),
    st.sampled_from(["B0ACME0001", "B0ACME0002", "B0ACME0003"]),
)
def test_precedence_promotion_then_group_then_default(day: date, asin: str) -> None:
    promo = Promotion(
        name="p",
        start=date(2026, 6, 10),
        end=date(2026, 6, 20),
        asins=["B0ACME0001", "B0ACME0002"],
        payout=pct("30"),
    )
    group = PayoutGroup(name="g", asins=["B0ACME0001"], payout=pct("20"))
    schedule = TermsSchedule([version(1, date(2026, 1, 1), pct("10"), groups=[group], promotions=[promo])])
    if asin in promo.asins and promo.start <= day <= promo.end:
        expected = Decimal("30.00")
    elif asin in group.asins:
        expected = Decimal("20.00")
    else:
        expected = Decimal("10.00")
    assert run(schedule, TermsSchedule(), day=day, asin=asin) == expected


def test_a_sum_read_back_from_dynamodb_shows_its_currencys_minor_units() -> None:
    """DynamoDB answers 7.00 as 7: rollups are read back in the currency's minor units."""
    from sellerlink.marketplaces import in_minor_units

    assert str(in_minor_units(Decimal("7"), "USD")) == "7.00"
    assert str(in_minor_units(Decimal("1234.5"), "EUR")) == "1234.50"
    assert str(in_minor_units(Decimal("0.1"), "CAD")) == "0.10"
    assert str(in_minor_units(Decimal("7"), "ISK")) == "7"  # no marketplace's currency: left as read
