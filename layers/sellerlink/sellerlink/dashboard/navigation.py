"""The dashboard's menus. A new page is a route module, a template and one entry here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    title: str
    path: str  # a program's pages: relative to /programs/<id>


BRAND_PAGES = (
    NavItem("Programs", "/programs"),
    NavItem("Account", "/account"),
)
PROGRAM_PAGES = (
    NavItem("Overview", ""),
    NavItem("Partners", "/partners"),
    NavItem("Terms", "/terms"),
    NavItem("Catalog", "/catalog"),
    NavItem("Reports", "/reports"),
    NavItem("Ledger", "/ledger"),
    NavItem("Statements and payouts", "/payouts"),
    NavItem("Webhooks", "/webhooks"),
    NavItem("Settings", "/settings"),
)
PARTNER_PAGES = (
    NavItem("Discover", "/partner/discover"),
    NavItem("My programs", "/partner"),
    NavItem("Earnings", "/partner/earnings"),
    NavItem("Payouts", "/partner/payouts"),
    NavItem("Postbacks", "/partner/postbacks"),
    NavItem("Settings", "/partner/settings"),
)
