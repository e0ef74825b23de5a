"""The commission of one ledger key under the terms in force on its event date. Pure, no I/O.

The ledger calls `commission` for every (partner, event date, ASIN, conversion type) of a pull,
about a million times a day, so terms are compiled once into a `TermsSchedule`: the version in
force on a date is found by bisection, an ASIN's payout by dictionary lookup.

Rules: a partner's private terms, when a version of them is in force, replace the program's;
within a version an active promotion for the ASIN beats its payout group, which beats the
default; an unallocated remainder (sales PRODUCTS did not list) earns the default. A later
version applies to conversions dated on or after its effective date, even when an earlier-made
version starts later. Money is rounded half-even to the currency's minor unit.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from sellerlink.attribution.models import ConversionType
from sellerlink.marketplaces import MINOR_UNITS
from sellerlink.terms.models import Payout, PayoutType, TermsVersion

ZERO = Decimal(0)
PERCENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Rate:
    type: PayoutType
    value: Decimal

    @classmethod
    def of(cls, payout: Payout) -> Rate:
        return cls(payout.type, payout.value * PERCENT if payout.type is PayoutType.PERCENT else payout.value)

    def amount(self, purchases: int, units: int, sales: Decimal) -> Decimal:
        if self.type is PayoutType.PERCENT:
            return sales * self.value
        return self.value * (purchases if self.type is PayoutType.PER_PURCHASE else units)


@dataclass(frozen=True, slots=True)
class CompiledTerms:
    default: Rate
    groups: dict[str, Rate]
    promotions: dict[str, tuple[tuple[date, date, Rate], ...]]

    @classmethod
    def of(cls, version: TermsVersion) -> CompiledTerms:
        groups = {asin: Rate.of(g.payout) for g in version.payout_groups for asin in g.asins}
        promotions: dict[str, list[tuple[date, date, Rate]]] = {}
        for promo in version.promotions:
            for asin in promo.asins:
                promotions.setdefault(asin, []).append((promo.start, promo.end, Rate.of(promo.payout)))
        return cls(Rate.of(version.default), groups, {a: tuple(p) for a, p in promotions.items()})

    def rate(self, asin: str | None, day: date) -> Rate:
        if asin is None:
            return self.default
        for start, end, rate in self.promotions.get(asin, ()):
            if start <= day <= end:
                return rate
        return self.groups.get(asin, self.default)


class TermsSchedule:
    """A history of terms versions, compiled once: which version is in force on any date."""

    __slots__ = ("_in_force", "_starts", "_versions")

    def __init__(self, versions: Sequence[TermsVersion] = ()) -> None:
        ordered = sorted(versions, key=lambda v: (v.effective_date, v.version))
        self._starts: list[date] = []
        self._in_force: list[CompiledTerms] = []
        self._versions: list[TermsVersion] = []
        latest: TermsVersion | None = None
        compiled: CompiledTerms | None = None
        for version in ordered:
            if latest is None or version.version > latest.version:
                latest, compiled = version, CompiledTerms.of(version)
            assert compiled is not None
            self._starts.append(version.effective_date)
            self._in_force.append(compiled)
            self._versions.append(latest)

    def on(self, day: date) -> CompiledTerms | None:
        index = bisect_right(self._starts, day)
        return self._in_force[index - 1] if index else None

    def version_on(self, day: date) -> TermsVersion | None:
        """The version whose rates apply to conversions dated `day` (what `on` compiled)."""
        index = bisect_right(self._starts, day)
        return self._versions[index - 1] if index else None

    def from_day(self, day: date) -> list[tuple[date, TermsVersion]]:
        """The version in force on `day` and each later change, with the date each applies from."""
        index = bisect_right(self._starts, day)
        found = [(self._starts[index - 1], self._versions[index - 1])] if index else []
        for start, version in zip(self._starts[index:], self._versions[index:], strict=True):
            if not found or found[-1][1] is not version:
                found.append((start, version))
        return found


NO_TERMS = TermsSchedule()


class RateSource(StrEnum):
    PROMOTION = "promotion"
    PAYOUT_GROUP = "payout_group"
    DEFAULT = "default"


def payout_for(version: TermsVersion, asin: str, day: date) -> tuple[Payout, RateSource, str | None]:
    """What one ASIN earns under a version on a day, where that rate comes from, and its name
    (the promotion's or the group's); the same precedence as `CompiledTerms.rate`."""
    for promo in version.promotions:
        if asin in promo.asins and promo.start <= day <= promo.end:
            return promo.payout, RateSource.PROMOTION, promo.name
    for group in version.payout_groups:
        if asin in group.asins:
            return group.payout, RateSource.PAYOUT_GROUP, group.name
    return version.default, RateSource.DEFAULT, None


def commission(
    program_terms: TermsSchedule,
    partner_terms: TermsSchedule,
    event_date: date,
    asin: str | None,
    conversion_type: ConversionType,
    purchases: int,
    units: int,
    sales: Decimal,
    currency: str,
) -> Decimal:
    """The commission one ledger key earns, in `currency`, rounded half-even to its minor unit.

    `asin` is None (and `conversion_type` UNALLOCATED) for sales PRODUCTS did not list.
    Without terms in force on `event_date` nothing is earned.
    """
    terms = in_force(program_terms, partner_terms, event_date)
    return earned(terms, event_date, asin, conversion_type, purchases, units, sales, currency)


def in_force(program_terms: TermsSchedule, partner_terms: TermsSchedule, day: date) -> CompiledTerms | None:
    """The terms a partner's conversions dated `day` earn under: its private ones, else the program's."""
    return partner_terms.on(day) or program_terms.on(day)


def earned(
    terms: CompiledTerms | None,
    event_date: date,
    asin: str | None,
    conversion_type: ConversionType,
    purchases: int,
    units: int,
    sales: Decimal,
    currency: str,
) -> Decimal:
    """`commission` under the terms already found in force (the ledger finds them once per
    partner and day, not once per key)."""
    if terms is None:
        return ZERO.quantize(MINOR_UNITS[currency])
    rate = terms.default if conversion_type is ConversionType.UNALLOCATED else terms.rate(asin, event_date)
    return rate.amount(purchases, units, sales).quantize(MINOR_UNITS[currency], rounding=ROUND_HALF_EVEN)
