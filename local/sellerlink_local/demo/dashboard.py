"""The demo's last chapter: the dashboard's address, and a one-time sign-in link for the brand's
admin and for the first partner (their addresses added in the dashboard, the links read from the
local outbox, as each would open the e-mail)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

from sellerlink_local.drivers.client import SellerlinkClient
from sellerlink_local.drivers.dashboard import DashboardSession, sign_in_link
from sellerlink_local.drivers.outbox import Outbox
from sellerlink_local.stack.runtime import LocalStack

BRAND_EMAIL = "admin@acme-outdoor.example"
PARTNER_EMAIL = "creator@trail-reviews.example"


def dashboard(
    say: Callable[[str], None],
    heading: Callable[[str], None],
    stack: LocalStack,
    admin: SellerlinkClient,
    partner: SellerlinkClient,
    keep_running: bool,
) -> None:
    heading("13. The dashboard")
    say(f"  {stack.api_url}/")
    brand_link = _link(
        stack, str(admin.key), "/account", "/account/people", {"email": BRAND_EMAIL, "role": "admin"}
    )
    partner_link = _link(
        stack, str(partner.key), "/partner/settings", "/partner/settings/people", {"email": PARTNER_EMAIL}
    )
    say(f"  Acme Outdoor's admin ({BRAND_EMAIL}):")
    say(f"    {brand_link}")
    say(f"  Trail Reviews, a partner ({PARTNER_EMAIL}):")
    say(f"    {partner_link}")
    say("  Each link works once, within 15 minutes; or paste an API key on the sign-in page:")
    say(f"    brand admin  {admin.key}")
    say(f"    partner      {partner.key}")
    if keep_running:
        say("  The stack keeps running; Ctrl-C stops it.")
    else:
        say("  (`sellerlink demo --keep-running` keeps the stack up to open them.)")


def _link(stack: LocalStack, key: str, page: str, action: str, fields: dict[str, str]) -> str:
    session = DashboardSession(stack.api_url)
    session.sign_in_with_key(key)
    session.submit(page, action, fields)
    DashboardSession(stack.api_url).ask_for_link(fields["email"])
    return sign_in_link(Outbox(stack.api_url), fields["email"])


def wait_for_ctrl_c() -> None:
    stopped = threading.Event()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, lambda *_: stopped.set())
    stopped.wait()
