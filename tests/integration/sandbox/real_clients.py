"""Real Amazon client libraries (python-amazon-sp-api, python-amazon-ad-api) pointed at the
sandbox on loopback. They take Amazon's hosts from their own tables; each client here is given
the sandbox instead, on the instance (its endpoint and its token client's scheme and host), so
no request can leave the machine."""

from __future__ import annotations

from typing import Any

from sandbox_driver import CLIENT_ID, CLIENT_SECRET


def lwa_credentials(refresh_token: str, **more: Any) -> dict[str, Any]:
    return {
        "refresh_token": refresh_token,
        "lwa_app_id": CLIENT_ID,
        "lwa_client_secret": CLIENT_SECRET,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        **more,
    }


def point_at(client: Any, sandbox_url: str, region: str = "na") -> Any:
    """The client's Amazon host and its LWA token host become the sandbox's (on this instance)."""
    client.endpoint = f"{sandbox_url}/{region}"
    client._auth.scheme = "http://"
    client._auth.host = f"{sandbox_url.removeprefix('http://')}/{region}"
    return client
