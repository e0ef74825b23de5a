"""The marketplace: listed programs open to applications, for any partner, filtered and paged.

Listed programs are read from the sparse `LISTED#<marketplace>` index partitions (see
`programs.dal`), one marketplace after another in the order of `MARKETPLACES`, in brand order
within each. Filters that DynamoDB cannot express (text, category, rate, open to applications)
are applied to what is read; a request reads at most `EXAMINED` programs, so a filter that
matches little answers a short page with a cursor rather than reading every partition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sellerlink.accounts.models import Principal
from sellerlink.accounts.permissions import require_partner
from sellerlink.clock import Clock
from sellerlink.errors import Unprocessable
from sellerlink.marketplace.models import ListedProgram, MarketplacePage
from sellerlink.marketplaces import MARKETPLACES
from sellerlink.partners.dal import PartnerStore
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program, ProgramStatus, PublicTerms
from sellerlink.table import CURSOR_REFUSED, decode_cursor, encode_cursor

EXAMINED = 500


@dataclass(frozen=True)
class ListingFilter:
    marketplace: str | None = None
    category: str | None = None
    min_rate: Decimal | None = None
    text: str | None = None

    def accepts(self, program: Program, today: date) -> bool:
        if program.status is not ProgramStatus.ACTIVE or not program.onboarding.default_terms_set:
            return False
        if self.category and self.category.casefold() not in {c.casefold() for c in program.categories}:
            return False
        if self.text and not any(
            self.text.casefold() in f.casefold() for f in (program.brand_name, program.name)
        ):
            return False
        return self.min_rate is None or _rate_at_least(in_force(program.public_terms, today), self.min_rate)


def _rate_at_least(terms: PublicTerms | None, minimum: Decimal) -> bool:
    """Only a percentage compares with a minimum rate; fixed amounts per purchase or unit do not."""
    return terms is not None and terms.default.type == "percent" and terms.default.value >= minimum


def in_force(terms: list[PublicTerms], today: date) -> PublicTerms | None:
    current = [t for t in terms if t.effective_date <= today]
    return current[-1] if current else None


def marketplace_page(
    programs: ProgramStore,
    partners: PartnerStore,
    clock: Clock,
    principal: Principal,
    wanted: ListingFilter,
    limit: int,
    cursor: str | None,
) -> MarketplacePage:
    require_partner(principal)
    codes = _codes(wanted.marketplace)
    start, key = _position(cursor, codes)
    today = clock.now().date()
    found: list[Program] = []
    next_cursor: str | None = None
    for index in range(start, len(codes)):
        if len(found) == limit:
            next_cursor = _cursor(index, None)
            break
        inner = encode_cursor(key) if key is not None and index == start else None
        page, inner_next = programs.listed(
            codes[index],
            lambda item: _open(item, wanted, today),
            limit=limit - len(found),
            cursor=inner,
            examine_at_most=EXAMINED,
        )
        found += page
        if inner_next is not None:
            next_cursor = _cursor(index, decode_cursor(inner_next))
            break
    return MarketplacePage(programs=_cards(found, partners, today), next_cursor=next_cursor)


def _open(item: dict[str, Any], wanted: ListingFilter, today: date) -> Program | None:
    program = Program.model_validate(item)
    return program if wanted.accepts(program, today) else None


def _codes(marketplace: str | None) -> list[str]:
    if marketplace is None:
        return list(MARKETPLACES)
    code = marketplace.upper()
    if code not in MARKETPLACES:
        raise Unprocessable(
            f"Marketplace '{marketplace}' is not one Sellerlink runs on; "
            f"use one of {', '.join(MARKETPLACES)}."
        )
    return [code]


def _cursor(index: int, key: dict[str, Any] | None) -> str:
    return encode_cursor({"partition": index, "after": key})


def _position(cursor: str | None, codes: list[str]) -> tuple[int, dict[str, Any] | None]:
    """Where a page starts: the marketplace's place in `codes` and the key to read after."""
    if cursor is None:
        return 0, None
    position = decode_cursor(cursor)
    index, key = position.get("partition"), position.get("after")
    if not isinstance(index, int) or not 0 <= index < len(codes) or not isinstance(key, dict | None):
        raise Unprocessable(CURSOR_REFUSED)
    return index, key


def _cards(found: list[Program], partners: PartnerStore, today: date) -> list[ListedProgram]:
    policies = partners.policies((p.account_id, p.program_id) for p in found)
    cards = []
    for program in found:
        policy = policies.get(program.program_id)
        current = in_force(program.public_terms, today)
        cards.append(
            ListedProgram(
                program_id=program.program_id,
                name=program.name,
                brand_name=program.brand_name,
                marketplace=program.marketplace,
                site=program.site,
                currency=program.currency,
                description=program.description,
                logo_url=program.logo_url,
                categories=program.categories,
                product_count=program.onboarding.product_count,
                terms=current,
                upcoming_terms=[t for t in program.public_terms if t.effective_date > today],
                lock_period_days=program.lock_period_days,
                auto_approve=bool(policy and policy.auto_approve),
                application_requirements=program.application_requirements,
            )
        )
    return cards
