"""Dashboard sessions, sign-in addresses and one-time sign-in links in the table.

Each lives in its owner's partition (`ACCOUNT#<a>` for a brand, `PARTNER#<pid>` for a partner), so
a session, an address or a link of one tenant can never be read through another's:
- `<owner>` / `SESSION#<id>`: a session (`digest` of its secret; `expires_at` TTL, 12 idle hours);
- `<owner>` / `PERSON#<email>`: an address that may sign in (`GSI1PK = EMAIL#<email>`,
  `GSI1SK = <owner>`: every account an address may sign in to);
"""

from __future__ import annotations

from sellerlink.accounts.dal import account_pk, partner_pk
from sellerlink.accounts.keys import PARTNER_ID_PREFIX
from sellerlink.clock import iso
from sellerlink.dashboard.models import Person, Session
from sellerlink.table import ConditionFailed, Table, Update


def owner_pk(owner: str) -> str:
    """The partition of an account id (`acct_...`) or a partner id (`ptr_...`)."""
    return partner_pk(owner) if owner.startswith(PARTNER_ID_PREFIX) else account_pk(owner)


class SessionStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def save(self, session: Session, digest: str, expires_at: int) -> None:
        self._table.put(
            {
                "PK": owner_pk(session.owner),
                "SK": f"SESSION#{session.session_id}",
                "digest": digest,
                "expires_at": expires_at,
                **session.model_dump(mode="json", exclude_none=True),
            }
        )

    def get(self, owner: str, session_id: str) -> tuple[Session, str, int] | None:
        item = self._table.get(owner_pk(owner), f"SESSION#{session_id}")
        if not item:
            return None
        return Session.model_validate(item), str(item["digest"]), int(item["expires_at"])

    def touch(self, session: Session, expires_at: int) -> bool:
        """Moves the idle deadline; False when the session was signed out meanwhile."""
        update = Update(
            key={"PK": owner_pk(session.owner), "SK": f"SESSION#{session.session_id}"},
            expression="SET last_seen = :seen, expires_at = :expires",
            values={":seen": iso(session.last_seen), ":expires": expires_at},
            condition="attribute_exists(PK)",
        )
        try:
            self._table.update(update)
        except ConditionFailed:
            return False
        return True

    def delete(self, owner: str, session_id: str) -> None:
        self._table.delete(owner_pk(owner), f"SESSION#{session_id}")


class PersonStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def add(self, person: Person) -> bool:
        """False when the address may already sign in to this account (it is left as it is)."""
        pk = owner_pk(person.owner)
        item = {
            "PK": pk,
            "SK": f"PERSON#{person.email}",
            "GSI1PK": f"EMAIL#{person.email}",
            "GSI1SK": pk,
            **person.model_dump(mode="json", exclude_none=True),
        }
        return self._table.put_new(item)

    def of_owner(self, owner: str) -> list[Person]:
        return [Person.model_validate(i) for i in self._table.query_all(owner_pk(owner), "PERSON#")]

    def get(self, owner: str, email: str) -> Person | None:
        item = self._table.get(owner_pk(owner), f"PERSON#{email}")
        return Person.model_validate(item) if item else None

    def with_email(self, email: str) -> list[Person]:
        return [Person.model_validate(i) for i in self._table.query_all(f"EMAIL#{email}", index="GSI1")]

    def remove(self, owner: str, email: str) -> None:
        self._table.delete(owner_pk(owner), f"PERSON#{email}")
