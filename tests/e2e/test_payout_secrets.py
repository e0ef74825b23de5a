"""No unmasked bank detail anywhere but the exported files: not in the table, not in any function's
log, not in any API answer, for partners, brands or the payout events (a scan of all of them)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import requests

from sellerlink_local.drivers.payouts import built, download, exported, run_path
from tests.e2e.conftest import OnboardedProgram, PartnerFactory
from tests.e2e.payouts_flow import closed_month, member, write_entries

SECRETS = {
    "iban": "GB82WEST12345698765432",
    "bic": "WESTGB2LXXX",
    "account_number": "000987654321",
    "routing_number": "021000021",
    "paypal_email": "secret.payee.scan@example.org",
    "wise_recipient_id": "7319055821",
}
PROFILES = {
    "iban": {
        "method": "bank_transfer",
        "country": "GB",
        "currency": "GBP",
        "details": {"account_holder": "Scan Ltd", "iban": SECRETS["iban"], "bic": SECRETS["bic"]},
    },
    "account": {
        "method": "bank_transfer",
        "country": "US",
        "currency": "USD",
        "details": {
            "account_holder": "Scan Inc",
            "account_number": SECRETS["account_number"],
            "routing_number": SECRETS["routing_number"],
        },
    },
    "paypal": {
        "method": "paypal",
        "country": "US",
        "currency": "USD",
        "details": {"paypal_email": SECRETS["paypal_email"]},
    },
    "wise": {
        "method": "wise",
        "country": "GB",
        "currency": "GBP",
        "details": {"wise_recipient_id": SECRETS["wise_recipient_id"]},
    },
}


def found_in(text: str) -> list[str]:
    return sorted(name for name, secret in SECRETS.items() if secret in text)


def whole_table(raw_table: Any) -> str:
    """Every item of the table, as an operator's console would list it."""
    items, start = [], None
    while True:
        page = raw_table.scan(**({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return json.dumps(items, default=repr)  # repr: a staged pull's Binary blob has a bytes str()


def test_no_unmasked_detail_reaches_the_table_the_logs_or_an_api_answer(
    stack: Any,
    onboarded_program: OnboardedProgram,
    new_partner: PartnerFactory,
    table: Any,
    raw_table: Any,
    receiver: Any,
) -> None:
    # Given four partners, one per kind of detail, with a payout webhook, paid by an exported run
    program, admin = onboarded_program, onboarded_program.admin
    month, first = closed_month(stack, months_back=6)
    answers: list[str] = []
    partners = {}
    for name, profile in PROFILES.items():
        partner = new_partner(f"Scan {name}")
        member(program, partner)
        answers.append(partner.request("PUT", "/v1/partner/payout-profile", json=profile).text)
        answers.append(partner.request("GET", "/v1/partner/payout-profile").text)
        hook = partner.post(
            "/v1/partner/webhooks", {"url": receiver.url + f"/{name}", "event_types": ["payout.paid"]}
        )
        receiver.secrets.append(hook["secret"])
        write_entries(table, program, str(partner.partner_id), [first], "75.00")  # type: ignore[attr-defined]
        partners[name] = partner
    run = built(admin, program.program_id, month)
    done = exported(admin, program.program_id, month)
    assert len(done["payouts"]) == 4
    results = [{"payout_id": p["payout_id"], "status": "paid", "reference": "R"} for p in done["payouts"]]
    answers.append(admin.request("POST", run_path(program.program_id, month, "/results"), json=results).text)
    # The files are where the details are meant to be, whole
    files = "".join(download(admin, program.program_id, month, kind) for kind in ("paypal", "wise", "bank"))
    assert found_in(files) == sorted(SECRETS)
    # When everything a brand or a partner can read is read
    for path in (
        run_path(program.program_id),
        run_path(program.program_id, month),
        run_path(program.program_id, month, f"/payouts/{run['payouts'][0]['payout_id']}/entries"),
    ):
        answers.append(admin.request("GET", path).text)
    for kind in ("generic", "paypal", "wise", "bank"):
        answers.append(admin.request("GET", run_path(program.program_id, month, f"/files/{kind}")).text)
    answers.append(requests.get(json.loads(answers[-4])["url"], timeout=10).text)  # the generic file: masked
    for partner in partners.values():
        answers.append(partner.request("GET", "/v1/partner/payouts").text)
        answers.append(partner.request("GET", "/v1/partner/payout-profile").text)
    events = [json.dumps(d.payload) for d in receiver.wait_for(4, event_type="payout.paid")]
    # Then no detail is whole in any answer, event, item of the table or line of a function's log
    assert found_in("\n".join(answers)) == []
    assert found_in("\n".join(events)) == []
    assert found_in(whole_table(raw_table)) == []
    logs = "\n".join(path.read_text(errors="replace") for path in stack.logs_dir.rglob("*") if path.is_file())
    assert found_in(logs) == []
    assert sum(Decimal(p["amount"]) for p in done["payouts"]) == Decimal("300.00")
