"""The demo's partners chapter: a partner that found the program in the marketplace and one the
brand invited by e-mail, under different terms, with their links.

`story.py` calls `partners_and_links` once the program is onboarded and active.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sellerlink_local.demo.partner_side import accept_invitation, discover
from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.outbox import Outbox

CREATOR_EMAIL = "hello@trail-reviews.example"
DEALS_EMAIL = "partners@deal-hunters.example"


@dataclass
class PartnersChapter:
    """What the rest of the story needs: the partners' clients and every link they made."""

    partners: list[SellerlinkClient]
    links: list[dict[str, Any]]


def partners_and_links(
    say: Callable[[str], None],
    admin_client: SellerlinkClient,
    operator_client: SellerlinkClient,
    api_client: SellerlinkClient,
    program: dict[str, Any],
    outbox: Outbox,
) -> PartnersChapter:
    program_path = f"/v1/programs/{program['program_id']}"
    products = _catalog_asins(admin_client, program_path)
    say(f"Partners: {len(products)} ASINs in the catalog; two partners join {program['name']}.")
    creator = _partner(operator_client, api_client, "Trail Reviews (creator)", CREATOR_EMAIL)
    discover(say, creator)
    creator.post(
        f"{program_path}/applications", {"website": "https://trail-reviews.example", "audience_size": 48000}
    )
    admin_client.post(f"{program_path}/partners/{creator.partner_id}/approve")  # type: ignore[attr-defined]
    say(f"Trail Reviews ({creator.partner_id}) applied with its website and audience, and was approved.")  # type: ignore[attr-defined]
    deals = _partner(operator_client, api_client, "Deal Hunters (deal site)", DEALS_EMAIL)
    admin_client.post(f"{program_path}/partners", {"partner_id": deals.partner_id})  # type: ignore[attr-defined]
    accept_invitation(say, outbox, DEALS_EMAIL)
    private_terms = {
        "default": {"type": "percent", "value": "12"},
        "payout_groups": [
            {"name": "hero products", "asins": products[:2], "payout": {"type": "per_unit", "value": "3.00"}}
        ],
    }
    admin_client.call("PUT", f"{program_path}/partners/{creator.partner_id}/terms", json=private_terms)  # type: ignore[attr-defined]
    say("Trail Reviews gets private terms: 12% by default, 3.00 per unit on the two hero products.")
    say("Deal Hunters earns the program's default terms.")
    _show_own_commissions(say, creator, program_path)
    single = creator.post(f"{program_path}/links", {"asin": products[0], "shared_id": "youtube"})
    say(f"Trail Reviews' YouTube link for {products[0]}: {single['url']}")
    bulk = deals.post(f"{program_path}/links/bulk", {"asins": products[:5]})
    say(
        f"Deal Hunters generated {len(bulk['links'])} links in one bulk request "
        f"({len(bulk['errors'])} refused):"
    )
    for link in bulk["links"]:
        say(f"  {link['asin']}: {link['url']}")
    return PartnersChapter(partners=[creator, deals], links=[single, *bulk["links"]])


def _show_own_commissions(say: Callable[[str], None], creator: SellerlinkClient, program_path: str) -> None:
    """What the creator reads as a member: its own terms and what three products earn it."""
    terms = creator.get(f"{program_path}/terms")["in_force"]
    say(f"Trail Reviews reads its terms ({terms['source']}): {terms['default']['value']}% by default.")
    for product in creator.get(f"{program_path}/products", params={"limit": 3})["products"]:
        commission = product["commission"]
        say(
            f"  {product['asin']} at {product['price']}: "
            f"{commission['value']} {commission['type']} ({commission['source']})"
        )


def _partner(
    operator_client: SellerlinkClient, api_client: SellerlinkClient, name: str, email: str
) -> SellerlinkClient:
    created = operator_client.post("/v1/partners", {"name": name, "email": email})
    partner = api_client.with_key(created["key"]["key"])
    partner.partner_id = created["partner"]["partner_id"]  # type: ignore[attr-defined]
    return partner


def _catalog_asins(admin_client: SellerlinkClient, program_path: str) -> list[str]:
    """The program's active ASINs, from the catalog route of the onboarding issue."""
    answer = admin_client.get(f"{program_path}/products", params={"limit": 50})
    return [p["asin"] for p in answer.get("products", []) if p.get("active", True)]
