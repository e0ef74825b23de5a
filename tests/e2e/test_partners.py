"""Partners through the HTTP gateway: accounts, applications, invitations, decisions, isolation."""

from __future__ import annotations

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import BrandFactory, OnboardedProgram, PartnerFactory, assert_problem, program_body


def test_the_operator_creates_a_partner_whose_key_works_once_shown(new_partner: PartnerFactory) -> None:
    partner = new_partner("Trail Reviews")
    me = partner.get("/v1/partner")
    assert (me["partner_id"], me["name"]) == (partner.partner_id, "Trail Reviews")  # type: ignore[attr-defined]
    assert partner.key is not None and partner.key.startswith(f"slk.{me['partner_id']}.")


def test_only_the_operator_creates_partners(new_brand: BrandFactory) -> None:
    assert_problem(new_brand().request("POST", "/v1/partners", json={"name": "x"}), 403, "platform operator")


def test_a_partner_key_can_never_call_a_brand_route(
    new_partner: PartnerFactory, onboarded_program: OnboardedProgram
) -> None:
    partner = new_partner()
    for method, path in [
        ("GET", "/v1/programs"),
        ("GET", "/v1/account"),
        ("GET", "/v1/keys"),
        ("GET", onboarded_program.path()),
        ("GET", onboarded_program.path("/partners")),
        ("PUT", onboarded_program.path("/terms")),
        ("POST", onboarded_program.path(f"/partners/{partner.partner_id}/approve")),  # type: ignore[attr-defined]
    ]:
        body = {"default": {"type": "percent", "value": "99"}} if method == "PUT" else None
        answer = partner.request(method, path, json=body)
        assert answer.status_code == 403, (method, path, answer.text)


def test_a_partner_applies_and_the_brand_approves(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    partner = new_partner()
    pid = partner.partner_id  # type: ignore[attr-defined]
    assert partner.post(onboarded_program.path("/applications"))["status"] == "pending"
    listed = onboarded_program.admin.get(onboarded_program.path("/partners"))["memberships"]
    assert [(m["partner_id"], m["status"]) for m in listed] == [(pid, "pending")]
    approved = onboarded_program.admin.post(onboarded_program.path(f"/partners/{pid}/approve"))
    assert approved["status"] == "approved"
    assert [m["status"] for m in partner.get("/v1/partner/memberships")["memberships"]] == ["approved"]


def test_the_brand_declines_suspends_reinstates_and_terminates(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    admin, partner = onboarded_program.admin, new_partner()
    path = onboarded_program.path(f"/partners/{partner.partner_id}")  # type: ignore[attr-defined]
    partner.post(onboarded_program.path("/applications"))
    assert admin.post(f"{path}/decline")["status"] == "declined"
    assert_problem(partner.request("POST", onboarded_program.path("/applications")), 409, "declined")
    assert admin.post(f"{path}/approve")["status"] == "approved"
    assert admin.post(f"{path}/suspend")["status"] == "suspended"
    assert admin.post(f"{path}/approve")["status"] == "approved"
    assert admin.post(f"{path}/terminate")["status"] == "terminated"
    assert_problem(admin.request("POST", f"{path}/approve"), 409, "cannot approve a terminated partner")


def test_an_invited_partner_accepts_by_applying(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    partner = new_partner()
    invited = onboarded_program.admin.post(
        onboarded_program.path("/partners"), {"partner_id": partner.partner_id}
    )  # type: ignore[attr-defined]
    assert invited["status"] == "invited"
    assert partner.post(onboarded_program.path("/applications"))["status"] == "approved"


def test_a_program_can_auto_approve(onboarded_program: OnboardedProgram, new_partner: PartnerFactory) -> None:
    onboarded_program.admin.call(
        "PUT", onboarded_program.path("/partner-policy"), json={"auto_approve": True}
    )
    assert new_partner().post(onboarded_program.path("/applications"))["status"] == "approved"


def test_a_partner_sees_only_its_own_memberships(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    first, second = new_partner(), new_partner()
    first.post(onboarded_program.path("/applications"))
    assert second.get("/v1/partner/memberships") == {"memberships": []}
    assert len(first.get("/v1/partner/memberships")["memberships"]) == 1


def test_applying_to_a_program_without_terms_is_404(
    new_brand: BrandFactory, new_partner: PartnerFactory
) -> None:
    program = new_brand().post("/v1/programs", program_body("FR"))
    answer = new_partner().request("POST", f"/v1/programs/{program['program_id']}/applications")
    assert_problem(answer, 404, "open to partners")


def test_applying_to_a_paused_program_is_409(
    onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    onboarded_program.admin.post(onboarded_program.path("/pause"))
    assert_problem(
        new_partner().request("POST", onboarded_program.path("/applications")),
        409,
        "does not take applications",
    )


def test_a_viewer_cannot_decide_about_partners(
    api: SellerlinkClient, onboarded_program: OnboardedProgram, new_partner: PartnerFactory
) -> None:
    partner = new_partner()
    partner.post(onboarded_program.path("/applications"))
    viewer = api.with_key(onboarded_program.admin.post("/v1/keys", {"role": "viewer", "name": "V"})["key"])
    answer = viewer.request("POST", onboarded_program.path(f"/partners/{partner.partner_id}/approve"))  # type: ignore[attr-defined]
    assert_problem(answer, 403, "read-only")


def test_public_partner_sign_up_gives_a_working_partner_key(api: SellerlinkClient) -> None:
    # Given a deployment that allows sign-up (the local stack does)
    # When a partner signs up on its own
    answer = api.request("POST", "/v1/partners/signup", json={"name": "Solo Creator"})
    # Then it gets a partner account and a key that works on partner routes only
    assert answer.status_code == 201
    partner = api.with_key(answer.json()["key"]["key"])
    assert partner.get("/v1/partner")["name"] == "Solo Creator"
    assert partner.request("GET", "/v1/programs").status_code == 403
