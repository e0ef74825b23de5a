"""Brands, programs and partners for the partner side's unit tests, built through the product's
own logic over moto in-process (no sockets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sellerlink.accounts import logic as accounts
from sellerlink.accounts.dal import AccountStore
from sellerlink.accounts.models import Account, Edition, Principal, PrincipalKind, Role
from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.models import ConversionType
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.models import Product
from sellerlink.clock import FixedClock
from sellerlink.ledger.dal import LedgerStore
from sellerlink.ledger.earnings import EarningsStore
from sellerlink.ledger.models import EntryKind, LedgerEntry
from sellerlink.links.dal import LinkStore
from sellerlink.partners import logic as partners_logic
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import Membership, Partner
from sellerlink.programs import logic as programs_logic
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import ConnectionState, Program, ProgramCreate, ProgramUpdate
from sellerlink.table import Table
from sellerlink.terms import logic as terms_logic
from sellerlink.terms.dal import TermsStore
from sellerlink.terms.models import TermsRequest

ASINS = ("B0ACME0001", "B0ACME0002", "B0ACME0003", "B0ACME0004")


class NoEvents:
    def __init__(self) -> None:
        self.published: list[Membership] = []

    def membership_changed(self, membership: Membership) -> None:
        self.published.append(membership)


@dataclass
class Brand:
    account: Account
    admin: Principal


class World:
    def __init__(self, table_name: str, clock: FixedClock) -> None:
        self.table = Table(table_name)
        self.clock = clock
        self.accounts = AccountStore(self.table)
        self.programs = ProgramStore(self.table)
        self.partners = PartnerStore(self.table)
        self.terms = TermsStore(self.table)
        self.products = ProductStore(self.table)
        self.ledger = LedgerStore(self.table)
        self.earnings = EarningsStore(self.table)
        self.facts = FactStore(self.table)
        self.links = LinkStore(self.table)
        self.events = NoEvents()

    def brand(self, name: str = "Acme Outdoor", email: str | None = None) -> Brand:
        account, key = accounts.create_account(
            self.accounts, self.clock, name=name, edition=Edition.PRO, email=email
        )
        admin = Principal(
            kind=PrincipalKind.BRAND, account_id=account.account_id, role=Role.ADMIN, key_id=key.key_id
        )
        return Brand(account, admin)

    def program(
        self, brand: Brand, marketplace: str = "US", terms: dict[str, Any] | None = None, **update: Any
    ) -> Program:
        """An active program with its catalog and terms (8% unless told), changed by `update`."""
        request = ProgramCreate(
            marketplace=marketplace, seller_type="3P", brand_name=brand.account.name, brand_registry=True
        )
        program = programs_logic.create_program(
            self.programs, self.clock, brand.admin, brand.account, request
        )
        self.programs.update_onboarding(
            brand.account.account_id,
            program.program_id,
            amazon_ads=ConnectionState.CONNECTED,
            ads_profile_id="1",
            selling_partner=ConnectionState.CONNECTED,
            catalog_imported_at=self.clock.now(),
            product_count=len(ASINS),
        )
        products = [
            Product(asin=a, title=f"Product {a}", price=Decimal("20.00"), imported_at=self.clock.now())
            for a in ASINS
        ]
        self.products.upsert(brand.account.account_id, program.program_id, products)
        self.set_terms(brand, program, terms or {"default": {"type": "percent", "value": "8"}})
        programs_logic.activate_program(self.programs, self.clock, brand.admin, program.program_id)
        if update:
            programs_logic.update_program(
                self.programs, self.clock, brand.admin, program.program_id, ProgramUpdate(**update)
            )
        found = self.programs.get(brand.account.account_id, program.program_id)
        assert found is not None
        return found

    def set_terms(
        self, brand: Brand, program: Program, terms: dict[str, Any], partner_id: str | None = None
    ) -> None:
        terms_logic.set_terms(
            self.terms,
            self.programs,
            self.partners,
            self.products,
            self.clock,
            brand.admin,
            program.program_id,
            TermsRequest.model_validate(terms),
            partner_id,
        )

    def partner(self, name: str = "Trail Reviews", email: str | None = None) -> tuple[Partner, Principal]:
        partner, key = partners_logic.create_partner(
            self.partners, self.clock, name=name, website=None, email=email
        )
        return partner, Principal(
            kind=PrincipalKind.PARTNER, partner_id=partner.partner_id, key_id=key.key_id
        )

    def join(self, brand: Brand, program: Program, partner: Principal) -> Membership:
        partners_logic.apply(
            self.partners, self.programs, self.clock, partner, program.program_id, self.events
        )
        return partners_logic.decide(
            self.partners,
            self.programs,
            self.clock,
            brand.admin,
            program.program_id,
            str(partner.partner_id),
            partners_logic.MembershipAction.APPROVE,
            self.events,
        )

    def entry(
        self,
        program: Program,
        partner_id: str,
        day: date,
        amount: str,
        pull_id: str = "pull-1",
        asin: str = ASINS[0],
    ) -> LedgerEntry:
        return LedgerEntry(
            entry_id=f"{day.isoformat()}#{partner_id}#{asin}#promoted#{pull_id}",
            program_id=program.program_id,
            partner_id=partner_id,
            event_date=day,
            asin=asin,
            conversion_type=ConversionType.PROMOTED,
            kind=EntryKind.CREATED,
            purchases=1,
            units=1,
            sales=Decimal("100.00"),
            amount=Decimal(amount),
            currency=program.currency,
            pull_id=pull_id,
            created_at=self.clock.now(),
        )
