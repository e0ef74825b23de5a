"""Terms versions in the table, never updated once written.

`ACCOUNT#<a>#PROGRAM#<p>` / `TERMS#PROGRAM#<version:06d>`: the program's terms;
`ACCOUNT#<a>#PROGRAM#<p>` / `TERMS#PARTNER#<pid>#<version:06d>`: one partner's private terms.
A version is written only if its number is free, so two concurrent changes cannot share one.
"""

from __future__ import annotations

from sellerlink.programs.dal import program_pk
from sellerlink.table import Table
from sellerlink.terms.models import TermsVersion

PREFIX = "TERMS#"


def _scope(partner_id: str | None) -> str:
    return f"{PREFIX}PARTNER#{partner_id}#" if partner_id else f"{PREFIX}PROGRAM#"


class VersionTaken(Exception):
    """Another change wrote this terms version first."""


class TermsStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def latest_version(self, account_id: str, program_id: str, partner_id: str | None) -> int:
        page = self._table.query(
            program_pk(account_id, program_id), _scope(partner_id), limit=1, newest_first=True
        )
        return int(page.items[0]["version"]) if page.items else 0

    def add(self, terms: TermsVersion) -> None:
        item = {
            "PK": program_pk(terms.account_id, terms.program_id),
            "SK": f"{_scope(terms.partner_id)}{terms.version:06d}",
            **terms.model_dump(mode="json", exclude_none=True),
        }
        if not self._table.put_new(item):
            raise VersionTaken(terms.version)

    def history(self, account_id: str, program_id: str, partner_id: str | None) -> list[TermsVersion]:
        items = self._table.query_all(program_pk(account_id, program_id), _scope(partner_id))
        return [TermsVersion.model_validate(i) for i in items]

    def all_of_program(self, account_id: str, program_id: str) -> list[TermsVersion]:
        """Program and private terms together: what the ledger compiles once per pull."""
        items = self._table.query_all(program_pk(account_id, program_id), PREFIX)
        return [TermsVersion.model_validate(i) for i in items]
