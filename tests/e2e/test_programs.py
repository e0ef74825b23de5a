"""Seller programs through the HTTP gateway: every rule of the foundation issue."""

from __future__ import annotations

from sellerlink_local.drivers.client import SellerlinkClient
from tests.e2e.conftest import BrandFactory, assert_problem, program_body


def test_an_admin_creates_a_program_with_its_checklist(new_brand: BrandFactory) -> None:
    admin = new_brand()
    answer = admin.request("POST", "/v1/programs", json=program_body("UK"))
    assert answer.status_code == 201
    program = answer.json()
    assert (program["marketplace_id"], program["currency"], program["region"], program["status"]) == (
        "A1F83G8C2ARO7P",
        "GBP",
        "EU",
        "onboarding",
    )
    assert [s["step"] for s in program["checklist"]] == [
        "connect_amazon_ads",
        "choose_ads_profile",
        "connect_selling_partner",
        "import_catalog",
        "set_default_terms",
    ]
    assert admin.get(f"/v1/programs/{program['program_id']}") == program


def test_an_unsupported_marketplace_is_422(new_brand: BrandFactory) -> None:
    assert_problem(
        new_brand().request("POST", "/v1/programs", json=program_body("JP")), 422, "'JP' is not supported"
    )


def test_a_second_program_on_the_same_marketplace_is_409(new_brand: BrandFactory) -> None:
    admin = new_brand()
    admin.post("/v1/programs", program_body("DE"))
    assert_problem(
        admin.request("POST", "/v1/programs", json=program_body("DE")),
        409,
        "already has a Seller program on DE",
    )


def test_a_starter_account_not_enabled_is_403_contact_support(new_brand: BrandFactory) -> None:
    assert_problem(
        new_brand("starter").request("POST", "/v1/programs", json=program_body()), 403, "contact support"
    )


def test_a_non_admin_is_403_ask_an_admin(api: SellerlinkClient, new_brand: BrandFactory) -> None:
    admin = new_brand()
    manager = api.with_key(admin.post("/v1/keys", {"role": "manager", "name": "Dana"})["key"])
    assert_problem(manager.request("POST", "/v1/programs", json=program_body()), 403, "ask an admin")


def test_brand_registry_not_attested_is_422(new_brand: BrandFactory) -> None:
    answer = new_brand().request("POST", "/v1/programs", json=program_body(brand_registry=False))
    assert_problem(answer, 422, "Brand Registry")


def test_another_accounts_program_is_404_and_leaks_nothing(new_brand: BrandFactory) -> None:
    owner, stranger = new_brand(), new_brand()
    program = owner.post("/v1/programs", program_body())
    for method, path in [
        ("GET", f"/v1/programs/{program['program_id']}"),
        ("PATCH", f"/v1/programs/{program['program_id']}"),
        ("POST", f"/v1/programs/{program['program_id']}/pause"),
        ("POST", f"/v1/programs/{program['program_id']}/activate"),
    ]:
        answer = stranger.request(method, path, json={"name": "mine now"} if method == "PATCH" else None)
        problem = assert_problem(answer, 404, "There is no program")
        assert "Acme" not in str(problem)
    assert stranger.get("/v1/programs") == {"programs": []}


def test_activation_is_409_naming_the_missing_steps(new_brand: BrandFactory) -> None:
    admin = new_brand()
    program = admin.post("/v1/programs", program_body())
    problem = assert_problem(
        admin.request("POST", f"/v1/programs/{program['program_id']}/activate"),
        409,
        "Still to do: Connect Amazon Ads",
    )
    assert problem["missing_steps"][0] == "connect_amazon_ads" and len(problem["missing_steps"]) == 5


def test_pausing_a_program_in_onboarding_is_409(new_brand: BrandFactory) -> None:
    admin = new_brand()
    program = admin.post("/v1/programs", program_body())
    assert_problem(
        admin.request("POST", f"/v1/programs/{program['program_id']}/pause"), 409, "Only an active program"
    )


def test_list_and_update(api: SellerlinkClient, new_brand: BrandFactory) -> None:
    admin = new_brand()
    us = admin.post("/v1/programs", program_body("US"))
    admin.post("/v1/programs", program_body("CA"))
    assert [p["marketplace"] for p in admin.get("/v1/programs")["programs"]] == ["US", "CA"]
    renamed = admin.patch(f"/v1/programs/{us['program_id']}", {"name": "Acme USA", "lock_period_days": 40})
    assert (renamed["name"], renamed["lock_period_days"]) == ("Acme USA", 40)


def test_a_lock_period_shorter_than_32_days_is_422_with_the_reason(new_brand: BrandFactory) -> None:
    admin = new_brand()
    us = admin.post("/v1/programs", program_body("US"))
    for days in (14, 29, 31):
        answer = admin.request("PATCH", f"/v1/programs/{us['program_id']}", json={"lock_period_days": days})
        problem = assert_problem(answer, 422, "lock_period_days")
        assert problem["detail"] == (
            "Fix these fields and send again: lock_period_days: must be at least 32 days: Amazon restates "
            "sales up to 28 days after the event and its data arrives up to 2 days late, so a shorter "
            "lock would freeze numbers Amazon may still change."
        )
    assert admin.patch(f"/v1/programs/{us['program_id']}", {"lock_period_days": 32})["lock_period_days"] == 32


def test_a_viewer_reads_but_cannot_change(api: SellerlinkClient, new_brand: BrandFactory) -> None:
    admin = new_brand()
    program = admin.post("/v1/programs", program_body())
    viewer = api.with_key(admin.post("/v1/keys", {"role": "viewer", "name": "auditor"})["key"])
    assert viewer.get(f"/v1/programs/{program['program_id']}")["program_id"] == program["program_id"]
    answer = viewer.request("PATCH", f"/v1/programs/{program['program_id']}", json={"name": "x"})
    assert_problem(answer, 403, "read-only")


def test_an_unknown_route_is_a_problem(new_brand: BrandFactory) -> None:
    assert_problem(
        new_brand().request("GET", "/v1/nothing-here"), 404, "There is no route GET /v1/nothing-here"
    )
