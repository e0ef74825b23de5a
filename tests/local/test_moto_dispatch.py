"""The emulator looks a host's backend up once, and answers the same backend as moto."""

from __future__ import annotations

import pytest
from moto import backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from sellerlink_local.stack import moto_patches


def test_a_hosts_backend_is_found_once_and_is_motos(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = backends.list_of_moto_modules
    original = DomainDispatcherApplication.get_backend_for_host.__wrapped__  # type: ignore[attr-defined]
    moto_patches.install()
    listings: list[None] = []
    monkeypatch.setattr(backends, "list_of_moto_modules", lambda: listings.append(None) or listed())
    app = DomainDispatcherApplication(create_backend_app)
    hosts = ["dynamodb", "sqs.us-east-1.amazonaws.com", "s3.amazonaws.com", "states.us-east-1.amazonaws.com"]
    for host in hosts * 3:
        app.get_backend_for_host(host)
    assert len(listings) <= len(hosts)
    monkeypatch.undo()
    assert [app.get_backend_for_host(h) for h in hosts] == [original(app, h) for h in hosts]
