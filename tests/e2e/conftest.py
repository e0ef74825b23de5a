"""The local stack through HTTP, as a user: an operator, brands, their admins and managers."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from sellerlink_local.drivers.amazon_user import SandboxAmazon
from sellerlink_local.drivers.client import SellerlinkClient


@pytest.fixture(scope="session")
def amazon(stack: Any) -> SandboxAmazon:
    return SandboxAmazon(stack.sandbox_url)


@pytest.fixture
def restore_sandbox(amazon: SandboxAmazon) -> Iterator[SandboxAmazon]:
    """Tests that bend the sandbox (clock, throttling, faults) leave it as they found it."""
    yield amazon
    amazon.control("PUT", "faults", {"rules": []})
    amazon.control("PUT", "throttling", {"catalog": {"rate": 2, "burst": 2}})
    amazon.control("PUT", "clock", {"now": datetime.now(UTC).isoformat()})


@pytest.fixture(scope="session")
def api(stack: Any) -> SellerlinkClient:
    return SellerlinkClient(stack.api_url)


@pytest.fixture(scope="session")
def operator(api: SellerlinkClient, stack: Any) -> SellerlinkClient:
    return api.with_key(stack.operator_key)


BrandFactory = Callable[..., SellerlinkClient]


@pytest.fixture
def new_brand(api: SellerlinkClient, operator: SellerlinkClient) -> BrandFactory:
    """A fresh brand account; returns its admin's client (`.account_id` set)."""

    def create(
        edition: str = "pro", name: str = "Acme Outdoor", email: str | None = None
    ) -> SellerlinkClient:
        body = {"name": name, "edition": edition, **({"email": email} if email else {})}
        created = operator.post("/v1/accounts", body)
        admin = api.with_key(created["admin_key"]["key"])
        admin.account_id = created["account"]["account_id"]  # type: ignore[attr-defined]
        return admin

    return create


def program_body(marketplace: str = "US", **overrides: Any) -> dict[str, Any]:
    return {
        "marketplace": marketplace,
        "seller_type": "3P",
        "brand_name": "Acme Outdoor",
        "brand_registry": True,
        **overrides,
    }


def assert_problem(response: Any, status: int, detail_contains: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and detail_contains in problem["detail"], problem
    return problem


# --- Partners, terms and links (issue 5) -------------------------------------------------------

TAG_TEMPLATE = (
    "maas=maas_adg_api_{advertiser}_static_9_99&ref_=aa_maas&tag=maas"
    "&aa_campaignid={{insertCampaignId}}&aa_adgroupid={{insertAdGroupId}}&aa_creativeid={{insertAdiD}}"
)
CATALOG = ("B0ACME0001", "B0ACME0002", "B0ACME0003", "B0ACME0004")
INACTIVE_ASIN = "B0ACMEOLD1"


@dataclass
class OnboardedProgram:
    admin: SellerlinkClient
    program_id: str
    account_id: str
    asins: tuple[str, ...]
    inactive_asin: str

    def path(self, suffix: str = "") -> str:
        return f"/v1/programs/{self.program_id}{suffix}"


@pytest.fixture(scope="session")
def table(stack: Any) -> Any:
    """The stack's table through the product's data access, signed as the deployer."""
    from sellerlink.table import Table

    return Table(stack.resource("Table"), stack.dynamodb())


@pytest.fixture(scope="session")
def raw_table(stack: Any) -> Any:
    """The stack's table as boto3 reads it, signed as the deployer."""
    return stack.dynamodb().Table(stack.resource("Table"))


def write_onboarding(
    table: Any, account_id: str, program_id: str, asins: Sequence[str], inactive: Sequence[str]
) -> None:
    """What OAuth onboarding and the catalog import leave behind, written straight to the table."""
    from sellerlink.catalog.dal import ProductStore
    from sellerlink.catalog.models import Product
    from sellerlink.programs.dal import ProgramStore
    from sellerlink.programs.models import ConnectionState

    programs = ProgramStore(table)
    program = programs.get(account_id, program_id)
    assert program is not None
    now = datetime.now(UTC)
    advertiser = f"ENTITY{program_id[-8:].upper()}"
    onboarding = program.onboarding.model_copy(
        update={
            "amazon_ads": ConnectionState.CONNECTED,
            "ads_profile_id": "3201234567890123",
            "advertiser_id": advertiser,
            "tag_template": TAG_TEMPLATE.format(advertiser=advertiser),
            "selling_partner": ConnectionState.CONNECTED,
            "catalog_imported_at": now,
            "product_count": len(asins),
        }
    )
    programs.save(program.model_copy(update={"onboarding": onboarding}))
    products = [Product(asin=a, title=f"Product {a}", imported_at=now) for a in asins]
    products += [Product(asin=a, title=f"Old {a}", active=False, imported_at=now) for a in inactive]
    ProductStore(table).upsert(account_id, program_id, products)


def default_terms(value: str = "8") -> dict[str, Any]:
    return {"default": {"type": "percent", "value": value}}


@pytest.fixture
def onboarded_program(new_brand: BrandFactory, table: Any) -> OnboardedProgram:
    """An active US program: onboarding written to the table, default terms set through the API."""
    admin = new_brand()
    program = admin.post("/v1/programs", program_body())
    write_onboarding(table, admin.account_id, program["program_id"], CATALOG, [INACTIVE_ASIN])  # type: ignore[attr-defined]
    onboarded = OnboardedProgram(admin, program["program_id"], admin.account_id, CATALOG, INACTIVE_ASIN)  # type: ignore[attr-defined]
    admin.call("PUT", onboarded.path("/terms"), json=default_terms())
    admin.post(onboarded.path("/activate"))
    return onboarded


PartnerFactory = Callable[..., SellerlinkClient]


@pytest.fixture
def new_partner(api: SellerlinkClient, operator: SellerlinkClient) -> PartnerFactory:
    """A fresh partner account; returns its client (`.partner_id` set)."""

    def create(name: str = "Trail Reviews", email: str | None = None) -> SellerlinkClient:
        body = {"name": name, "website": "https://trail.example", **({"email": email} if email else {})}
        created = operator.post("/v1/partners", body)
        partner = api.with_key(created["key"]["key"])
        partner.partner_id = created["partner"]["partner_id"]  # type: ignore[attr-defined]
        return partner

    return create


@pytest.fixture
def approved_partner(onboarded_program: OnboardedProgram, new_partner: PartnerFactory) -> SellerlinkClient:
    """A partner that applied to the onboarded program and was approved by its admin."""
    partner = new_partner()
    partner.post(onboarded_program.path("/applications"))
    onboarded_program.admin.post(onboarded_program.path(f"/partners/{partner.partner_id}/approve"))  # type: ignore[attr-defined]
    return partner


# --- Attribution pulls, ledger and reports (issue 6) -------------------------------------------


@pytest.fixture
def measured(api: SellerlinkClient, operator: SellerlinkClient, stack: Any) -> Any:
    """An active program onboarded by OAuth at the sandbox (10% default terms); the sandbox clock
    and faults are put back afterwards, since every test of this process shares the sandbox."""
    from tests.e2e.attribution_flow import Sandbox, measured_program

    sandbox = Sandbox(stack.sandbox_url)
    before = sandbox.now()
    sandbox.set_clock("2026-02-01T12:00:00Z")  # the terms take effect on this day
    try:
        yield measured_program(api, operator, stack.sandbox_url)
    finally:
        sandbox.faults([])
        sandbox.set_clock(before)


# --- Webhooks and postbacks (issue 7) ----------------------------------------------------------


@pytest.fixture(scope="session")
def outbox(stack: Any) -> Any:
    """The e-mails the stack sent (moto's SES), as `sellerlink serve` shows them at /_local/outbox."""
    from sellerlink_local.drivers.outbox import Outbox

    return Outbox(stack.api_url)


def address(who: str) -> str:
    """An e-mail address no other test uses (the stack's outbox is shared)."""
    return f"{who}.{uuid.uuid4().hex[:10]}@mail.example"


@pytest.fixture
def receiver() -> Any:
    """A webhook receiver on loopback that verifies each delivery with the standardwebhooks library."""
    from sellerlink_local.drivers.webhook_receiver import WebhookReceiver

    started = WebhookReceiver().start()
    yield started
    started.stop()
