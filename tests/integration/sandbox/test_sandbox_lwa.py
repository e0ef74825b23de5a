"""Login with Amazon: consent page, authorization codes and the token endpoint."""

from __future__ import annotations

from sandbox_driver import (
    ADS_CALLBACK,
    CLIENT_ID,
    SCOPE,
    AmazonDriver,
    query_of,
)

CONSENT = {
    "client_id": CLIENT_ID,
    "scope": SCOPE,
    "response_type": "code",
    "redirect_uri": ADS_CALLBACK,
    "state": "xyz",
}


def test_consent_page_shows_a_sign_in_form_with_approve_and_deny(amazon: AmazonDriver) -> None:
    # Given a brand whose sandbox user can sign in
    brand = amazon.create_brand()
    # When a browser opens the consent page without a decision
    page = amazon.get("/na/ap/oa", params=CONSENT)
    # Then it is an HTML form that offers the user and both decisions
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert brand["login"] in page.text
    assert 'value="approve"' in page.text and 'value="deny"' in page.text


def test_submitting_the_consent_form_redirects_with_code_scope_and_state(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    form = {**CONSENT, "sandbox_user": brand["login"], "sandbox_decision": "approve"}
    response = amazon.post("/na/ap/oa", data=form)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(ADS_CALLBACK + "?")
    params = query_of(location)
    assert params["state"] == "xyz" and params["scope"] == SCOPE and params["code"]


def test_denying_consent_redirects_with_access_denied(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    response = amazon.get(
        "/eu/ap/oa", params={**CONSENT, "sandbox_user": brand["login"], "sandbox_decision": "deny"}
    )
    assert response.status_code == 302
    params = query_of(response.headers["Location"])
    assert params["error"] == "access_denied" and params["state"] == "xyz" and "code" not in params


def test_a_redirect_uri_not_registered_exactly_gets_an_error_page(
    amazon: AmazonDriver,
) -> None:
    brand = amazon.create_brand()
    for uri in (ADS_CALLBACK + "/", "http://localhost:3000/other", ADS_CALLBACK.upper()):
        response = amazon.get(
            "/na/ap/oa",
            params={
                **CONSENT,
                "redirect_uri": uri,
                "sandbox_user": brand["login"],
                "sandbox_decision": "approve",
            },
        )
        assert response.status_code == 400
        assert "Location" not in response.headers
        assert "invalid_request" in response.text


def test_an_unknown_client_id_gets_an_error_page(amazon: AmazonDriver) -> None:
    response = amazon.get("/na/ap/oa", params={**CONSENT, "client_id": "amzn1.application-oa2-client.nope"})
    assert response.status_code == 400
    assert "Unknown client_id" in response.text


def test_a_scope_other_than_campaign_management_redirects_with_invalid_scope(amazon: AmazonDriver) -> None:
    response = amazon.get("/na/ap/oa", params={**CONSENT, "scope": "profile"})
    assert response.status_code == 302
    assert query_of(response.headers["Location"])["error"] == "invalid_scope"


def test_exchanging_a_code_returns_atza_and_atzr_tokens_valid_an_hour(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    code = amazon.consent_code(brand["login"])
    response = amazon.token(grant_type="authorization_code", code=code, redirect_uri=ADS_CALLBACK)
    assert response.status_code == 200
    body = response.json()
    assert body["access_token"].startswith("Atza|")
    assert body["refresh_token"].startswith("Atzr|")
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600


def test_a_json_body_at_the_token_endpoint_is_an_unsupported_grant_type(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    code = amazon.consent_code(brand["login"])
    response = amazon.post(
        "/na/auth/o2/token",
        json={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": CLIENT_ID,
            "redirect_uri": ADS_CALLBACK,
        },
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_a_code_is_single_use(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    code = amazon.consent_code(brand["login"])
    first = amazon.token(grant_type="authorization_code", code=code, redirect_uri=ADS_CALLBACK)
    second = amazon.token(grant_type="authorization_code", code=code, redirect_uri=ADS_CALLBACK)
    assert first.status_code == 200
    assert second.status_code == 400
    assert second.json()["error"] == "invalid_grant"
    assert "already been used" in second.json()["error_description"]


def test_a_code_expires_after_five_minutes_on_the_sandbox_clock(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    code = amazon.consent_code(brand["login"])
    amazon.advance(seconds=301)
    response = amazon.token(grant_type="authorization_code", code=code, redirect_uri=ADS_CALLBACK)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Authorization code has expired",
    }


def test_a_code_is_bound_to_its_redirect_uri(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    code = amazon.consent_code(brand["login"])
    response = amazon.token(
        grant_type="authorization_code",
        code=code,
        redirect_uri="http://localhost:3000/oauth/selling-partner/callback",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_pkce_verifier_must_match_the_challenge(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    verifier = "v" * 50
    good = amazon.consent_code(brand["login"], verifier=verifier)
    bad = amazon.consent_code(brand["login"], verifier=verifier)
    missing = amazon.consent_code(brand["login"], verifier=verifier)
    ok = amazon.token(
        grant_type="authorization_code", code=good, redirect_uri=ADS_CALLBACK, code_verifier=verifier
    )
    wrong = amazon.token(
        grant_type="authorization_code", code=bad, redirect_uri=ADS_CALLBACK, code_verifier="w" * 50
    )
    absent = amazon.token(grant_type="authorization_code", code=missing, redirect_uri=ADS_CALLBACK)
    assert ok.status_code == 200
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    assert absent.status_code == 400 and absent.json()["error"] == "invalid_grant"


def test_a_wrong_client_secret_is_invalid_client_401(amazon: AmazonDriver) -> None:
    brand = amazon.create_brand()
    code = amazon.consent_code(brand["login"])
    response = amazon.token(
        grant_type="authorization_code", code=code, redirect_uri=ADS_CALLBACK, client_secret="wrong"
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_missing_code_is_invalid_request(amazon: AmazonDriver) -> None:
    response = amazon.token(grant_type="authorization_code", redirect_uri=ADS_CALLBACK)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert "code" in response.json()["error_description"]


def test_an_unknown_grant_type_is_unsupported(amazon: AmazonDriver) -> None:
    response = amazon.token(grant_type="password")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_a_refresh_token_buys_a_new_access_token_after_the_old_one_expires(amazon: AmazonDriver) -> None:
    # Given a connected brand whose access token has expired
    connection = amazon.connect_ads(amazon.create_brand())
    amazon.advance(seconds=3601)
    expired = amazon.get("/na/v2/profiles", headers=amazon.ads_headers(connection))
    # When Sellerlink refreshes
    refreshed = amazon.token(grant_type="refresh_token", refresh_token=connection.refresh_token)
    # Then the old token is refused and the new one works
    assert expired.status_code == 401
    assert refreshed.status_code == 200
    connection.access_token = refreshed.json()["access_token"]
    assert amazon.get("/na/v2/profiles", headers=amazon.ads_headers(connection)).status_code == 200


def test_an_unknown_refresh_token_is_invalid_grant(amazon: AmazonDriver) -> None:
    response = amazon.token(grant_type="refresh_token", refresh_token="Atzr|nope")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
