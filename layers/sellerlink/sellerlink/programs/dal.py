"""Programs in the table.

`ACCOUNT#<id>` / `PROGRAM#<id>`: the program; `ACCOUNT#<id>` / `MARKETPLACE#<code>`: the claim
that makes one program per marketplace a write condition rather than a read-then-write.
`GSI1PK = PROGRAMS#<status>` lists programs by status across accounts (for the scheduler).
`GSI2PK = LISTED#<marketplace>`, `GSI2SK = <brand, lower case>#<program id>`, only while the brand
lists the program: the partners' marketplace reads one partition per marketplace, in brand order
(at most one program per brand account in each, so a partition holds at most as many programs as
there are accounts).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from sellerlink.accounts.dal import account_pk
from sellerlink.clock import iso
from sellerlink.programs.models import Program, PublicTerms
from sellerlink.table import ConditionFailed, Item, Put, T, Table, Update

CONDITION_FAILED = "ConditionalCheckFailed"
LISTED = "LISTED#"


def program_pk(account_id: str, program_id: str) -> str:
    """The partition of everything that belongs to one program (products, partners, links, ledger)."""
    return f"{account_pk(account_id)}#PROGRAM#{program_id}"


def program_key(account_id: str, program_id: str) -> tuple[str, str]:
    """The program item's key (PK, SK)."""
    return account_pk(account_id), f"PROGRAM#{program_id}"


def ids_of(pk: str) -> tuple[str, str]:
    """(account id, program id) of a program partition key, `ACCOUNT#<a>#PROGRAM#<p>`."""
    account, _, program = pk.removeprefix(account_pk("")).partition("#PROGRAM#")
    return account, program


class MarketplaceTaken(Exception):
    """The account already has a program on this marketplace."""


class AllowanceUsed(Exception):
    """The account has added all the Seller programs it may add on its own."""


class ProgramStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, program: Program) -> None:
        """Program, marketplace claim and the account's program count, all or nothing."""
        pk = account_pk(program.account_id)
        try:
            self._table.transact(
                [
                    Put(_program_item(program), condition="attribute_not_exists(PK)"),
                    Put(
                        {
                            "PK": pk,
                            "SK": f"MARKETPLACE#{program.marketplace}",
                            "program_id": program.program_id,
                        },
                        condition="attribute_not_exists(PK)",
                    ),
                    Update(
                        key={"PK": pk, "SK": "ACCOUNT"},
                        expression="SET program_count = if_not_exists(program_count, :zero) + :one",
                        values={":zero": 0, ":one": 1},
                        condition="attribute_exists(PK) AND (attribute_not_exists(seller_program_limit)"
                        " OR program_count < seller_program_limit)",
                    ),
                ]
            )
        except ConditionFailed as failed:
            if failed.reasons[1:2] == [CONDITION_FAILED]:
                raise MarketplaceTaken(program.marketplace) from None
            if failed.reasons[2:3] == [CONDITION_FAILED]:
                raise AllowanceUsed(program.account_id) from None
            raise

    def get(self, account_id: str, program_id: str) -> Program | None:
        item = self._table.get(*program_key(account_id, program_id))
        return Program.model_validate(item) if item else None

    def for_account(self, account_id: str) -> list[Program]:
        return [Program.model_validate(i) for i in self._table.query_all(account_pk(account_id), "PROGRAM#")]

    def save(self, program: Program) -> None:
        self._table.put(_program_item(program), condition="attribute_exists(PK)")

    def update_onboarding(self, account_id: str, program_id: str, **changes: Any) -> Program:
        """Sets onboarding fields in place, so a concurrent edit of other fields is never lost."""
        names = {f"#f{i}": name for i, name in enumerate(changes)}
        values = {f":v{i}": _stored(value) for i, value in enumerate(changes.values())}
        assignments = ", ".join(f"onboarding.#f{i} = :v{i}" for i in range(len(changes)))
        item = self._table.update(
            Update(
                key={"PK": account_pk(account_id), "SK": f"PROGRAM#{program_id}"},
                expression=f"SET {assignments}",
                values=values,
                names=names,
                condition="attribute_exists(PK)",
            )
        )
        return Program.model_validate(item)

    def report_problem(self, account_id: str, program_id: str, step: str, problem: str) -> Program:
        """What stops the checklist step `step` now, in a sentence the brand can act on."""
        return self.update_onboarding(account_id, program_id, problem=problem, problem_step=step)

    def clear_problem(self, account_id: str, program_id: str, step: str) -> None:
        """The step succeeded: its problem goes; a problem of another step stays."""
        with contextlib.suppress(ConditionFailed):
            self._table.update(
                Update(
                    key={"PK": account_pk(account_id), "SK": f"PROGRAM#{program_id}"},
                    expression="SET onboarding.problem = :none, onboarding.problem_step = :none",
                    values={":none": None, ":step": step},
                    condition="onboarding.problem_step = :step",
                )
            )

    def set_public_terms(self, account_id: str, program_id: str, terms: list[PublicTerms]) -> None:
        self._table.update(
            Update(
                key={"PK": account_pk(account_id), "SK": f"PROGRAM#{program_id}"},
                expression="SET public_terms = :terms",
                values={":terms": _stored(terms)},
                condition="attribute_exists(PK)",
            )
        )

    def get_many(self, keys: Iterable[tuple[str, str]]) -> dict[str, Program]:
        """Programs by (account, program) id, keyed by program id; missing ones are absent."""
        items = self._table.get_many([(account_pk(a), f"PROGRAM#{p}") for a, p in set(keys)])
        return {str(item["program_id"]): Program.model_validate(item) for item in items}

    def listed(
        self,
        marketplace: str,
        pick: Callable[[Item], T | None],
        *,
        limit: int,
        cursor: str | None,
        examine_at_most: int,
    ) -> tuple[list[T], str | None]:
        """Listed programs of one marketplace, in brand order, that `pick` keeps (see `Table.collect`)."""
        return self._table.collect(
            f"{LISTED}{marketplace}", pick, limit, cursor, index="GSI2", examine_at_most=examine_at_most
        )

    def by_status(self, status: str) -> list[Program]:
        return [Program.model_validate(i) for i in self._table.query_all(f"PROGRAMS#{status}", index="GSI1")]


def _stored(value: Any) -> Any:
    """Plain JSON-shaped values for DynamoDB (models, dates and enums as the API shows them)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, list):
        return [_stored(v) for v in value]
    if isinstance(value, datetime):
        return iso(value)

    if isinstance(value, StrEnum):
        return str(value)
    return value


def _program_item(program: Program) -> dict[str, Any]:
    item = {
        "PK": account_pk(program.account_id),
        "SK": f"PROGRAM#{program.program_id}",
        "GSI1PK": f"PROGRAMS#{program.status}",
        "GSI1SK": f"{program.account_id}#{program.program_id}",
        **program.model_dump(mode="json", exclude_none=True),
    }
    if program.listed:
        item["GSI2PK"] = f"{LISTED}{program.marketplace}"
        item["GSI2SK"] = f"{program.brand_name.casefold()}#{program.program_id}"
    return item
