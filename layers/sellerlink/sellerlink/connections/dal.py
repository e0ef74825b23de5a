"""Connections in the table: `ACCOUNT#<a>#PROGRAM#<p>` / `CONNECTION#<kind>` (tokens encrypted)."""

from __future__ import annotations

from sellerlink.connections.models import Connection, ConnectionKind
from sellerlink.programs.dal import program_pk
from sellerlink.programs.models import ConnectionState
from sellerlink.table import Table, Update


class ConnectionStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def save(self, connection: Connection) -> None:
        pk = program_pk(connection.account_id, connection.program_id)
        self._table.put(
            {"PK": pk, "SK": f"CONNECTION#{connection.kind}", **connection.model_dump(mode="json")}
        )

    def get(self, account_id: str, program_id: str, kind: ConnectionKind) -> Connection | None:
        item = self._table.get(program_pk(account_id, program_id), f"CONNECTION#{kind}")
        return Connection.model_validate(item) if item else None

    def mark(self, account_id: str, program_id: str, kind: ConnectionKind, state: ConnectionState) -> None:
        self._table.update(
            Update(
                key={"PK": program_pk(account_id, program_id), "SK": f"CONNECTION#{kind}"},
                expression="SET #state = :state",
                values={":state": str(state)},
                names={"#state": "state"},
            )
        )

    def delete(self, account_id: str, program_id: str, kind: ConnectionKind) -> None:
        self._table.delete(program_pk(account_id, program_id), f"CONNECTION#{kind}")
