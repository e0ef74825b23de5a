"""The Amazon app Sellerlink signs in with (LWA client, SP-API application)."""

from __future__ import annotations

import json

from pydantic import SecretStr

from sellerlink.model import Model


class AmazonApp(Model):
    lwa_client_id: str
    lwa_client_secret: SecretStr
    sp_api_application_id: str

    @classmethod
    def from_secret(cls, secret: str) -> AmazonApp:
        return cls.model_validate(json.loads(secret))
