"""The emulator finds the backend for a host once, not once per request.

moto's server looks a request's host up by listing its own package directory (a directory check
for each of its hundreds of services) and then trying every backend's URL pattern, under one lock
that every request of every service waits on. The answer depends on the host only, so it is kept
per host. Installed by the local stack; nothing of it runs in AWS.
"""

from __future__ import annotations

from functools import cache, wraps
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication


@cache  # once per process
def install() -> None:
    original = DomainDispatcherApplication.get_backend_for_host
    found: dict[str | None, Any] = {}

    @wraps(original)
    def get_backend_for_host(app: DomainDispatcherApplication, host: str | None) -> Any:
        if host not in found:
            found[host] = original(app, host)
        return found[host]

    DomainDispatcherApplication.get_backend_for_host = get_backend_for_host  # type: ignore[method-assign, assignment]
