"""What happens when Amazon refuses a refresh token: the program's checklist shows the
connection as `needs_reauth`, and the brand's webhooks hear `connection.needs_reauth`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from sellerlink.clock import Clock
from sellerlink.connections.models import Connection, ConnectionKind
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import ConnectionState


class ReauthEvents(Protocol):
    """The event port: `connection.needs_reauth` (sellerlink.webhooks.publisher is its adapter)."""

    def needs_reauth(self, connection: Connection, now: datetime) -> None: ...


def mark_needs_reauth(
    programs: ProgramStore, clock: Clock, events: ReauthEvents
) -> Callable[[Connection], None]:
    """The token service's `on_reauth`."""

    def mark(connection: Connection) -> None:
        field = "amazon_ads" if connection.kind is ConnectionKind.AMAZON_ADS else "selling_partner"
        programs.update_onboarding(
            connection.account_id, connection.program_id, **{field: ConnectionState.NEEDS_REAUTH}
        )
        events.needs_reauth(connection, clock.now())

    return mark
