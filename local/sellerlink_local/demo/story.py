"""`make demo`: the story a brand lives through, end to end on one machine."""

from __future__ import annotations

from typing import Any

from sellerlink_local.demo.dashboard import dashboard, wait_for_ctrl_c
from sellerlink_local.demo.partner_side import list_program, partner_money, show_emails
from sellerlink_local.demo.partners import partners_and_links
from sellerlink_local.demo.payouts import january_payouts
from sellerlink_local.demo.pulls import DAYS, simulate_and_pull
from sellerlink_local.demo.webhooks import postbacks, show_postbacks
from sellerlink_local.drivers.amazon_user import SandboxAmazon, connect, wait_for_catalog
from sellerlink_local.drivers.client import ApiError, SellerlinkClient
from sellerlink_local.drivers.outbox import Outbox
from sellerlink_local.stack.runtime import LocalStack, StackOptions


def say(text: str = "") -> None:
    print(text, flush=True)


def heading(text: str) -> None:
    say()
    say(text)
    say("-" * len(text))


def show_refusal(action: str, error: ApiError) -> None:
    say(f"  {action}: {error.response.status_code} {error.problem.get('title')}")
    say(f"    {error.problem.get('detail')}")


def checklist_lines(program: dict[str, Any]) -> list[str]:
    return [f"    [{'x' if step['done'] else ' '}] {step['title']}" for step in program["checklist"]]


def run_demo(options: StackOptions, keep_running: bool = False) -> int:
    say("Starting Sellerlink on this machine (AWS emulator + Amazon sandbox)...")
    stack = LocalStack(options).start()
    try:
        admin, partner = story(stack)
        dashboard(say, heading, stack, admin, partner, keep_running)
        if keep_running:
            wait_for_ctrl_c()
    finally:
        stack.stop()
    return 0


def story(stack: LocalStack) -> tuple[SellerlinkClient, SellerlinkClient]:
    """The story through the API; the brand's admin and the first partner, for the dashboard."""
    api = SellerlinkClient(stack.api_url)
    operator = api.with_key(stack.operator_key)
    say(f"  API {stack.api_url}  ·  Amazon sandbox {stack.sandbox_url}  ·  AWS emulator {stack.emulator.url}")
    outbox = Outbox(stack.api_url)
    admin = accounts_and_keys(api, operator)
    us = programs(admin)
    us = onboarding(stack, admin, us)
    heading("6. The marketplace, partners, terms and links")
    indented = lambda line: say(f"  {line}")  # noqa: E731
    list_program(indented, admin, us)
    chapter = partners_and_links(indented, admin, operator, api, us, outbox)
    heading("7. Postbacks")
    receiver = postbacks(indented, stack, admin, chapter.partners[0], us)
    heading("8. 45 days of shoppers, a pull every day")
    try:
        start = simulate_and_pull(say, stack, admin, us, chapter.links)
        heading("9. What the partner's server received")
        show_postbacks(indented, receiver)
    finally:
        receiver.stop()
    heading("10. The partner's own money: memberships and earnings")
    partner_money(say, chapter.partners[0], start, DAYS)
    heading(f"11. The payout run of {start:%B %Y}, and its files")
    january_payouts(say, stack, admin, us, chapter.partners, start)
    heading("12. E-mails sent")
    show_emails(say, outbox)
    summary(stack, admin)
    return admin, chapter.partners[0]


def accounts_and_keys(api: SellerlinkClient, operator: SellerlinkClient) -> SellerlinkClient:
    heading("1. The operator opens a brand account")
    created = operator.post(
        "/v1/accounts", {"name": "Acme Outdoor", "edition": "pro", "email": "owner@acme-outdoor.example"}
    )
    account = created["account"]
    admin = api.with_key(created["admin_key"]["key"])
    say(f"  {account['name']} ({account['edition']} edition), account {account['account_id']}")
    say(f"  first admin key {created['admin_key']['key_id']} (shown once, stored only as a hash)")
    heading("2. The admin gives the marketing manager a key")
    manager_key = admin.post(
        "/v1/keys", {"role": "manager", "name": "Dana (marketing)", "email": "dana@acme-outdoor.example"}
    )
    say(f"  manager key {manager_key['key_id']} for {manager_key['name']}")
    try:
        api.with_key(manager_key["key"]).post("/v1/programs", _program("US"))
    except ApiError as refused:
        show_refusal("The manager tries to add a program", refused)
    return admin


def programs(admin: SellerlinkClient) -> dict[str, Any]:
    heading("3. Seller programs, one per marketplace")
    created = [admin.post("/v1/programs", _program(code)) for code in ("US", "DE")]
    for program in created:
        say(f"  {program['name']}: {program['site']}, {program['currency']}, {program['status']}")
    for code, what in (("US", "A second US program"), ("JP", "A Japanese program")):
        try:
            admin.post("/v1/programs", _program(code))
        except ApiError as refused:
            show_refusal(what, refused)
    heading("4. Onboarding checklist")
    us = created[0]
    say(f"  {us['name']}:")
    for line in checklist_lines(us):
        say(line)
    try:
        admin.post(f"/v1/programs/{us['program_id']}/activate")
    except ApiError as refused:
        show_refusal("Activating now", refused)
    return dict(us)


def summary(stack: LocalStack, admin: SellerlinkClient) -> None:
    heading("Summary")
    listed = admin.get("/v1/programs")["programs"]
    say(f"  {'program':<22}{'marketplace':<14}{'currency':<10}{'status':<12}{'checklist'}")
    for program in listed:
        done = sum(step["done"] for step in program["checklist"])
        say(
            f"  {program['name']:<22}{program['marketplace']:<14}{program['currency']:<10}"
            f"{program['status']:<12}{done}/{len(program['checklist'])} steps"
        )
    say()
    say(f"  API docs: {stack.api_url}/docs (while `sellerlink serve` runs)")


def onboarding(stack: LocalStack, admin: SellerlinkClient, program: dict[str, Any]) -> dict[str, Any]:
    """Connect Amazon through the sandbox as the brand's person would, then go live."""
    heading("5. Connecting Amazon (the sandbox plays Amazon)")
    amazon = SandboxAmazon(stack.sandbox_url)
    brand = amazon.create_brand("Acme Outdoor", marketplaces=["US", "DE"], catalog_size=40)
    say(f"  At Amazon: {brand['login']} runs Acme Outdoor's Seller Central and Amazon Ads accounts.")
    path = f"/v1/programs/{program['program_id']}"
    say(f"  Sign-in page: {admin.get(path + '/connect/amazon-ads')['url'].split('?')[0]}")
    for kind in ("amazon-ads", "selling-partner"):
        landed = connect(admin, program["program_id"], kind, brand["login"])
        say(f"  {kind}: {_page_message(landed.text)}")
    program = wait_for_catalog(admin, program["program_id"])
    imported = program["onboarding"]["catalog_import"]
    say(
        f"  Catalog: {imported['products_seen']} of {imported['expected_total']} products imported "
        f"({imported['percent']}%) in {imported['pages_read']} pages, from Amazon's {imported['source']}."
    )
    today = amazon.control("GET", "clock")["now"][:10]
    admin.call(
        "PUT", f"{path}/terms", json={"default": {"type": "percent", "value": "8"}, "effective_date": today}
    )
    say("  Default terms: 8% of attributed sales.")
    program = admin.post(f"{path}/activate")
    for line in checklist_lines(program):
        say(line)
    say(f"  {program['name']} is {program['status']}.")
    return dict(program)


def _page_message(page: str) -> str:
    """The sentence of the small page Sellerlink shows after an Amazon sign-in."""
    return page.split("<p>")[1].split("</p>")[0] if "<p>" in page else page[:200]


def _program(marketplace: str) -> dict[str, Any]:
    return {
        "marketplace": marketplace,
        "seller_type": "3P",
        "brand_name": "Acme Outdoor",
        "brand_registry": True,
    }
