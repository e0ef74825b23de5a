"""Login with Amazon: authorization codes and refresh tokens become access tokens."""

from __future__ import annotations

from pydantic import SecretStr

from sellerlink.amazon.transport import AmazonError, Transport
from sellerlink.model import Model


class InvalidGrant(AmazonError):
    """The code or refresh token is used, expired or revoked: the brand must connect again."""


class TokenGrant(Model):
    access_token: SecretStr
    refresh_token: SecretStr | None = None
    expires_in: int


class LwaClient:
    def __init__(
        self, transport: Transport, token_url: str, client_id: str, client_secret: SecretStr
    ) -> None:
        self._transport, self._url = transport, token_url
        self._client_id, self._client_secret = client_id, client_secret

    def exchange_code(self, code: str, redirect_uri: str, code_verifier: str | None = None) -> TokenGrant:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        if code_verifier:
            form["code_verifier"] = code_verifier
        return self._token("exchange authorization code", form)

    def refresh(self, refresh_token: SecretStr) -> TokenGrant:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token.get_secret_value()}
        return self._token("refresh access token", form)

    def _token(self, operation: str, form: dict[str, str]) -> TokenGrant:
        form = {**form, "client_id": self._client_id, "client_secret": self._client_secret.get_secret_value()}
        answer = self._transport.send(operation, "POST", self._url, data=form)
        if answer.ok:
            return TokenGrant.model_validate(answer.json())
        body = _json(answer)
        error, description = str(body.get("error", "")), str(body.get("error_description", answer.reason))
        kind = InvalidGrant if error == "invalid_grant" else AmazonError
        raise kind(operation, answer.status_code, f"{error}: {description}")


def _json(answer: object) -> dict[str, object]:
    try:
        body = answer.json()  # type: ignore[attr-defined]
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
