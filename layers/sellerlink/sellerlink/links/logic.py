"""Generating, listing and deactivating tracking links, for an approved partner or on its behalf."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sellerlink.accounts.authentication import DeferredCaller
from sellerlink.accounts.models import Principal, PrincipalKind
from sellerlink.accounts.permissions import require_brand, require_editor
from sellerlink.catalog.dal import ProductStore
from sellerlink.catalog.models import Product
from sellerlink.clock import Clock
from sellerlink.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from sellerlink.links import identifiers, landing
from sellerlink.links.dal import LinkStore
from sellerlink.links.models import (
    MAX_BULK,
    BulkLinkRequest,
    BulkLinks,
    BulkRowError,
    LinkRequest,
    TrackingLink,
)
from sellerlink.links.reading import IssueReader, IssueRecords
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.logic import program_for_partner, require_approved
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.logic import get_program
from sellerlink.programs.models import Program, ProgramStatus


class LinkEvents(Protocol):
    """The event port: `link.created` for a single new link, `links.created` for a bulk request's
    new links (sellerlink.webhooks.publisher is its adapter). A link that existed is never announced
    again, reactivated or not."""

    def links_created(self, links: Sequence[TrackingLink]) -> None: ...

    def bulk_links_created(self, links: Sequence[TrackingLink]) -> None: ...


@dataclass(frozen=True)
class LinkStores:
    links: LinkStore
    partners: PartnerStore
    programs: ProgramStore
    products: ProductStore
    clock: Clock
    reads: IssueReader


@dataclass(frozen=True)
class Issuer:
    """An active program, an approved partner of it, and the program's tag template."""

    program: Program
    partner_id: str
    template: str

    def link(self, page: landing.LandingPage, shared_id: str | None, now: datetime) -> TrackingLink:
        ids = identifiers.identifiers(self.program.program_id, self.partner_id, page.url, shared_id)
        return TrackingLink(
            link_id=ids.creative_id,
            account_id=self.program.account_id,
            program_id=self.program.program_id,
            partner_id=self.partner_id,
            asin=page.asin,
            landing_page=page.url,
            shared_id=shared_id,
            url=identifiers.tracking_url(page.url, self.template, ids),
            campaign_id=ids.campaign_id,
            ad_group_id=ids.ad_group_id,
            creative_id=ids.creative_id,
            created_at=now,
        )


def create_link(
    stores: LinkStores, caller: DeferredCaller, program_id: str, request: LinkRequest, events: LinkEvents
) -> TrackingLink:
    """One link; asking again (even concurrently) gives the same link, reactivated if need be."""
    link, new = _created_link(stores, caller, program_id, request)
    if new:
        events.links_created([link])
    return link


def _created_link(
    stores: LinkStores, caller: DeferredCaller, program_id: str, request: LinkRequest
) -> tuple[TrackingLink, bool]:
    """The link, and whether this request created it."""
    named = landing.asin_named(request.asin, request.url)
    principal, records = _read(stores, caller, program_id, request.partner_id, [named] if named else [])
    shared_id = identifiers.check_shared_id(request.shared_id) if request.shared_id is not None else None
    issuer = _issuer(principal, records, program_id, request.partner_id)
    site = issuer.program.site
    if (request.asin is None) == (request.url is None):
        raise Unprocessable("Send either an asin or a url (a Store page or a page of the program's site).")
    if request.asin is not None:
        page = landing.detail_page(site, landing.normalize_asin(request.asin))
    else:
        page = landing.from_url(site, request.url or "", request.keep_associates_tag)
    if page.asin is not None:
        found = records.products
        if page.asin != named:  # not read with the rest (cannot happen for an ASIN the request named)
            found = stores.products.get_many(issuer.program.account_id, program_id, [page.asin])
        _check_product(found, page.asin)
    link = issuer.link(page, shared_id, stores.clock.now())
    if stores.links.add(link):
        return link, True
    existing = stores.links.get(link.account_id, link.program_id, link.link_id)
    if existing is None:
        raise Conflict("The link changed while it was being created; send the request again.")
    return (existing if existing.active else stores.links.set_active(existing, True)), False


def create_links(
    stores: LinkStores, caller: DeferredCaller, program_id: str, request: BulkLinkRequest, events: LinkEvents
) -> BulkLinks:
    """Up to 5,000 ASINs in one request: catalog read and link writes batched, one error per bad row."""
    asins, errors = _normalized(request.asins) if 0 < len(request.asins) <= MAX_BULK else ([], [])
    principal, records = _read(stores, caller, program_id, request.partner_id, asins)
    if not request.asins:
        raise Unprocessable("Send at least one ASIN in asins.")
    if len(request.asins) > MAX_BULK:
        raise Unprocessable(
            f"A bulk request takes at most {MAX_BULK:,} ASINs; this one has {len(request.asins):,}. Split it."
        )
    shared_id = identifiers.check_shared_id(request.shared_id) if request.shared_id is not None else None
    issuer = _issuer(principal, records, program_id, request.partner_id)
    asins = _valid_asins(records.products, asins, errors)
    now = stores.clock.now()
    wanted = [issuer.link(landing.detail_page(issuer.program.site, asin), shared_id, now) for asin in asins]
    existing = stores.links.get_many(issuer.program.account_id, program_id, [w.link_id for w in wanted])
    to_write = [
        w if w.link_id not in existing else existing[w.link_id].model_copy(update={"active": True})
        for w in wanted
        if w.link_id not in existing or not existing[w.link_id].active
    ]
    stores.links.add_many(to_write)
    written = {link.link_id: link for link in to_write}
    links = [written.get(w.link_id) or existing[w.link_id] for w in wanted]
    new = [link for link in to_write if link.link_id not in existing]
    if new:
        events.bulk_links_created(new)  # once, the new links only: existing ones announced already
    return BulkLinks(links=links, errors=errors)


def get_link(stores: LinkStores, principal: Principal, program_id: str, link_id: str) -> TrackingLink:
    program, partner_id = _reader(stores, principal, program_id)
    link = stores.links.get(program.account_id, program_id, link_id)
    if link is None or (partner_id is not None and link.partner_id != partner_id):
        raise NotFound(f"There is no link {link_id} in program {program_id}.")
    return link


def list_links(
    stores: LinkStores, principal: Principal, program_id: str, *, limit: int, cursor: str | None
) -> tuple[list[TrackingLink], str | None]:
    program, partner_id = _reader(stores, principal, program_id)
    return stores.links.page(program.account_id, program_id, partner_id, limit=limit, cursor=cursor)


def deactivate_link(stores: LinkStores, principal: Principal, program_id: str, link_id: str) -> TrackingLink:
    """The link stops being listed as active; Amazon keeps measuring clicks on published URLs."""
    if principal.kind is PrincipalKind.BRAND:
        require_editor(principal, "deactivate links")
    link = get_link(stores, principal, program_id, link_id)
    return stores.links.set_active(link, False) if link.active else link


def _reader(stores: LinkStores, principal: Principal, program_id: str) -> tuple[Program, str | None]:
    """Whose links the caller may read: a partner its own, a brand all of its program's."""
    if principal.kind is PrincipalKind.PARTNER and principal.partner_id:
        program = program_for_partner(stores.partners, stores.programs, program_id)
        membership = stores.partners.membership(program.account_id, program_id, principal.partner_id)
        if membership is None:
            raise NotFound(f"There is no program {program_id} you are a member of.")
        return program, principal.partner_id
    require_brand(principal)
    return get_program(stores.programs, principal, program_id), None


def _read(
    stores: LinkStores, caller: DeferredCaller, program_id: str, on_behalf_of: str | None, asins: list[str]
) -> tuple[Principal, IssueRecords]:
    """The caller, checked, and what its request reads, in one BatchGetItem with the caller's key
    (after one Query the first time a partner names a program this container does not know)."""
    claimed = caller.claimed
    if claimed.kind is PrincipalKind.PARTNER:
        account_id, partner_id = stores.reads.account_of(program_id), claimed.partner_id
    else:
        account_id, partner_id = claimed.account_id, on_behalf_of
    records = stores.reads.read(caller.key, account_id, program_id, partner_id, asins)
    principal = caller.check(records.key)
    if (principal.account_id, principal.partner_id) != (claimed.account_id, claimed.partner_id):
        raise Unauthorized("The API key is not known.")  # a stored key that is not where it says it is
    return principal, records


def _issuer(principal: Principal, records: IssueRecords, program_id: str, on_behalf_of: str | None) -> Issuer:
    if principal.kind is PrincipalKind.PARTNER and principal.partner_id:
        if on_behalf_of and on_behalf_of != principal.partner_id:
            raise Forbidden("A partner can only create links for itself; leave partner_id out.")
        if records.program is None or not records.open_to_partners:
            raise NotFound(f"There is no program {program_id} open to partners.")
        program, partner_id = records.program, principal.partner_id
    else:
        require_editor(principal, "create links for a partner")
        if records.program is None:
            raise NotFound(f"There is no program {program_id} in this account.")
        if not on_behalf_of:
            raise Unprocessable("Say which partner the link is for: set partner_id.")
        program, partner_id = records.program, on_behalf_of
    if program.status is not ProgramStatus.ACTIVE:
        raise Conflict(
            f"Program {program_id} is {program.status}, not active: links can be created once it is live."
        )
    require_approved(records.membership, partner_id, program_id)
    return Issuer(program, partner_id, identifiers.check_template(program.onboarding.tag_template))


def _check_product(found: dict[str, Product], asin: str) -> None:
    product = found.get(asin)
    if product is None:
        raise Unprocessable(f"ASIN {asin} is not in the program's imported catalog.")
    if not product.active:
        raise Unprocessable(f"ASIN {asin} is inactive in the program's catalog (Amazon no longer lists it).")


def _normalized(raw: Sequence[str]) -> tuple[list[str], list[BulkRowError]]:
    """The ASINs, normalized and each once, and an error for each value that is not one."""
    errors: list[BulkRowError] = []
    asins: list[str] = []
    for value in raw:
        try:
            asins.append(landing.normalize_asin(value))
        except Unprocessable as refused:
            errors.append(BulkRowError(asin=value, detail=refused.detail))
    return list(dict.fromkeys(asins)), errors


def _valid_asins(found: dict[str, Product], asins: list[str], errors: list[BulkRowError]) -> list[str]:
    """The ASINs that can have a link; an error appended for each that cannot."""
    valid = []
    for asin in asins:
        try:
            _check_product(found, asin)
            valid.append(asin)
        except Unprocessable as refused:
            errors.append(BulkRowError(asin=asin, detail=refused.detail))
    return valid
