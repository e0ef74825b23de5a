"""Links in the table: `ACCOUNT#<a>#PROGRAM#<p>` / `LINK#<link_id>`.

`GSI1PK = PARTNER#<pid>`, `GSI1SK = LINK#<a>#<p>#<link_id>` lists a partner's own links.
The key is deterministic, so a write is either the first (conditional put) or a put of the
same content (bulk): concurrent identical requests leave one link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sellerlink.accounts.dal import partner_pk
from sellerlink.links.models import TrackingLink
from sellerlink.programs.dal import program_pk
from sellerlink.table import Table, Update

PREFIX = "LINK#"
BATCHES_IN_FLIGHT = 8  # a bulk request's BatchGetItem or BatchWriteItem requests sent at a time


class LinkStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def add(self, link: TrackingLink) -> bool:
        """False when the link already exists (it is left untouched)."""
        return self._table.put_new(_item(link))

    def add_many(self, links: Iterable[TrackingLink]) -> None:
        self._table.put_many([_item(link) for link in links], workers=BATCHES_IN_FLIGHT)

    def get(self, account_id: str, program_id: str, link_id: str) -> TrackingLink | None:
        item = self._table.get(program_pk(account_id, program_id), PREFIX + link_id)
        return TrackingLink.model_validate(item) if item else None

    def get_many(self, account_id: str, program_id: str, link_ids: Sequence[str]) -> dict[str, TrackingLink]:
        pk = program_pk(account_id, program_id)
        items = self._table.get_many(
            [(pk, PREFIX + link_id) for link_id in link_ids], workers=BATCHES_IN_FLIGHT
        )
        return {item["link_id"]: TrackingLink.model_validate(item) for item in items}

    def set_active(self, link: TrackingLink, active: bool) -> TrackingLink:
        item = self._table.update(
            Update(
                key={"PK": program_pk(link.account_id, link.program_id), "SK": PREFIX + link.link_id},
                expression="SET active = :active",
                values={":active": active},
                condition="attribute_exists(PK)",
            )
        )
        return TrackingLink.model_validate(item)

    def page(
        self, account_id: str, program_id: str, partner_id: str | None, *, limit: int, cursor: str | None
    ) -> tuple[list[TrackingLink], str | None]:
        if partner_id:
            found = self._table.query(
                partner_pk(partner_id),
                f"{PREFIX}{account_id}#{program_id}#",
                index="GSI1",
                limit=limit,
                cursor=cursor,
            )
        else:
            found = self._table.query(program_pk(account_id, program_id), PREFIX, limit=limit, cursor=cursor)
        return [TrackingLink.model_validate(i) for i in found.items], found.next_cursor


def _item(link: TrackingLink) -> dict[str, Any]:
    return {
        "PK": program_pk(link.account_id, link.program_id),
        "SK": PREFIX + link.link_id,
        "GSI1PK": partner_pk(link.partner_id),
        "GSI1SK": f"{PREFIX}{link.account_id}#{link.program_id}#{link.link_id}",
        **link.model_dump(mode="json", exclude_none=True),
    }
