"""Partners and memberships in the table.

- `PARTNER#<pid>` / `PARTNER` and `PARTNER#<pid>` / `KEY#<kid>`: the partner account and its keys.
- `ACCOUNT#<a>#PROGRAM#<p>` / `PARTNER#<pid>`: the membership; `GSI1PK = PARTNER#<pid>`,
  `GSI1SK = MEMBERSHIP#<a>#<p>` lists a partner's own memberships across programs.
- `ACCOUNT#<a>#PROGRAM#<p>` / `PARTNER_POLICY`: auto-approval; `GSI2PK = PROGRAM#<p>` lets a
  partner reach a program by its id without knowing the brand's account.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sellerlink.accounts.dal import partner_pk
from sellerlink.accounts.models import PartnerKey
from sellerlink.partners.models import Membership, MembershipStatus, Partner, PartnerPolicy
from sellerlink.programs.dal import program_pk
from sellerlink.table import ConditionFailed, Put, Table, Update

MEMBERSHIP = "PARTNER#"
POLICY = "PARTNER_POLICY"


def membership_key(account_id: str, program_id: str, partner_id: str) -> tuple[str, str]:
    return program_pk(account_id, program_id), MEMBERSHIP + partner_id


def policy_key(account_id: str, program_id: str) -> tuple[str, str]:
    return program_pk(account_id, program_id), POLICY


class PartnerStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, partner: Partner, key: PartnerKey, key_digest: str) -> None:
        pk = partner_pk(partner.partner_id)
        self._table.transact(
            [
                Put(_partner_item(partner)),
                Put(
                    {
                        "PK": pk,
                        "SK": f"KEY#{key.key_id}",
                        "digest": key_digest,
                        **key.model_dump(mode="json", exclude_none=True),
                    },
                    condition="attribute_not_exists(PK)",
                ),
            ]
        )

    def save(self, partner: Partner) -> None:
        self._table.put(_partner_item(partner), condition="attribute_exists(PK)")

    def get(self, partner_id: str) -> Partner | None:
        item = self._table.get(partner_pk(partner_id), "PARTNER")
        return Partner.model_validate(item) if item else None

    def membership(self, account_id: str, program_id: str, partner_id: str) -> Membership | None:
        item = self._table.get(*membership_key(account_id, program_id, partner_id))
        return Membership.model_validate(item) if item else None

    def add_membership(self, membership: Membership) -> bool:
        """False when the partner already has a membership of this program (it is left as it is)."""
        return self._table.put_new(_membership_item(membership))

    def move(
        self, membership: Membership, to: MembershipStatus, allowed_from: frozenset[MembershipStatus], at: str
    ) -> Membership | None:
        """The membership in its new status, or None when it is no longer in an allowed status."""
        values: dict[str, Any] = {":to": to.value, ":at": at}
        allowed = []
        for index, status in enumerate(sorted(allowed_from)):
            values[f":s{index}"] = status.value
            allowed.append(f":s{index}")
        try:
            item = self._table.update(
                Update(
                    key={
                        "PK": program_pk(membership.account_id, membership.program_id),
                        "SK": MEMBERSHIP + membership.partner_id,
                    },
                    expression="SET #status = :to, updated_at = :at",
                    values=values,
                    names={"#status": "status"},
                    condition=f"#status IN ({', '.join(allowed)})",
                )
            )
        except ConditionFailed:
            return None
        return Membership.model_validate(item)

    def of_program(self, account_id: str, program_id: str) -> list[Membership]:
        items = self._table.query_all(program_pk(account_id, program_id), MEMBERSHIP)
        return [Membership.model_validate(i) for i in items]

    def of_partner(self, partner_id: str) -> list[Membership]:
        items = self._table.query_all(partner_pk(partner_id), "MEMBERSHIP#", index="GSI1")
        return [Membership.model_validate(i) for i in items]

    def policy(self, account_id: str, program_id: str) -> PartnerPolicy | None:
        item = self._table.get(*policy_key(account_id, program_id))
        return PartnerPolicy.model_validate(item) if item else None

    def policies(self, programs: Iterable[tuple[str, str]]) -> dict[str, PartnerPolicy]:
        """The policies of (account, program) ids, keyed by program id."""
        items = self._table.get_many([(program_pk(a, p), POLICY) for a, p in set(programs)])
        return {str(item["program_id"]): PartnerPolicy.model_validate(item) for item in items}

    def save_policy(self, policy: PartnerPolicy) -> None:
        self._table.put(
            {
                "PK": program_pk(policy.account_id, policy.program_id),
                "SK": POLICY,
                "GSI2PK": f"PROGRAM#{policy.program_id}",
                "GSI2SK": POLICY,
                **policy.model_dump(mode="json"),
            }
        )

    def find_policy(self, program_id: str) -> PartnerPolicy | None:
        """The program's policy by program id alone (a partner does not know the brand's account)."""
        items = self._table.query(f"PROGRAM#{program_id}", POLICY, index="GSI2", limit=1).items
        return PartnerPolicy.model_validate(items[0]) if items else None


def _partner_item(partner: Partner) -> dict[str, Any]:
    return {
        "PK": partner_pk(partner.partner_id),
        "SK": "PARTNER",
        **partner.model_dump(mode="json", exclude_none=True),
    }


def _membership_item(membership: Membership) -> dict[str, Any]:
    return {
        "PK": program_pk(membership.account_id, membership.program_id),
        "SK": MEMBERSHIP + membership.partner_id,
        "GSI1PK": partner_pk(membership.partner_id),
        "GSI1SK": f"MEMBERSHIP#{membership.account_id}#{membership.program_id}",
        **membership.model_dump(mode="json"),
    }
