"""What makes terms acceptable: pure checks, each refusal worded so the brand can fix it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from sellerlink.errors import Unprocessable
from sellerlink.terms.models import (
    Payout,
    PayoutGroup,
    PayoutRequest,
    PayoutType,
    Promotion,
    TermsRequest,
)

CLICK_TYPES = frozenset({"cpc", "click", "per_click", "clicks"})
HUNDRED = Decimal(100)


def payout(request: PayoutRequest, minor_unit: Decimal, currency: str) -> Payout:
    kind = request.type.strip().lower()
    if kind in CLICK_TYPES:
        raise Unprocessable(
            "Seller programs support CPA only: pay a percent of sales, per purchase or per unit."
        )
    if kind not in set(PayoutType):
        raise Unprocessable(
            f"Payout type '{request.type}' is unknown; use percent, per_purchase or per_unit."
        )
    try:
        value = Decimal(request.value.strip())
    except InvalidOperation:
        raise Unprocessable(
            f"Payout value '{request.value}' is not a decimal number such as '8.5'."
        ) from None
    if not value.is_finite():
        raise Unprocessable(f"Payout value '{request.value}' is not a decimal number such as '8.5'.")
    if kind == PayoutType.PERCENT:
        if not Decimal(0) <= value <= HUNDRED:
            raise Unprocessable(f"A percentage must be between 0 and 100; {request.value} is not.")
        return Payout(type=PayoutType.PERCENT, value=value)
    if value < 0:
        raise Unprocessable(f"An amount cannot be below zero; {request.value} {currency} is.")
    if value != value.quantize(minor_unit):
        raise Unprocessable(
            f"{request.value} {currency} is finer than the currency allows; "
            f"round it to {minor_unit} {currency}."
        )
    return Payout(type=PayoutType(kind), value=value)


def groups(request: TermsRequest, minor_unit: Decimal, currency: str) -> list[PayoutGroup]:
    seen: dict[str, str] = {}
    found = []
    for group in request.payout_groups:
        asins = _unique(group.asins)
        for asin in asins:
            if asin in seen:
                raise Unprocessable(
                    f"ASIN {asin} is in two payout groups ('{seen[asin]}' and '{group.name}'); "
                    "an ASIN sits in at most one group."
                )
            seen[asin] = group.name
        found.append(
            PayoutGroup(name=group.name, asins=asins, payout=payout(group.payout, minor_unit, currency))
        )
    return found


def promotions(request: TermsRequest, minor_unit: Decimal, currency: str) -> list[Promotion]:
    found: list[Promotion] = []
    for promo in request.promotions:
        if promo.end < promo.start:
            raise Unprocessable(
                f"Promotion '{promo.name}' ends ({promo.end}) before it starts ({promo.start}); "
                "swap the dates."
            )
        asins = _unique(promo.asins)
        for other in found:
            shared = sorted(set(asins) & set(other.asins))
            if shared and promo.start <= other.end and other.start <= promo.end:
                raise Unprocessable(
                    f"Promotions '{other.name}' and '{promo.name}' overlap on ASIN {shared[0]}; "
                    "an ASIN can have one promotion on a given day."
                )
        payout_ = payout(promo.payout, minor_unit, currency)
        found.append(
            Promotion(name=promo.name, start=promo.start, end=promo.end, asins=asins, payout=payout_)
        )
    return found


def effective_date(requested: date | None, today: date) -> date:
    if requested is None:
        return today
    if requested < today:
        raise Unprocessable(
            f"effective_date {requested} is in the past; terms change from today ({today}) or a later date, "
            "so commissions already earned stay as they were."
        )
    return requested


def asins_of(request: TermsRequest) -> set[str]:
    every = [
        *(a for g in request.payout_groups for a in g.asins),
        *(a for p in request.promotions for a in p.asins),
    ]
    return set(_unique(every))


def _unique(asins: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a.strip().upper() for a in asins))
