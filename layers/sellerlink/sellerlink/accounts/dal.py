"""Accounts and keys in the table: `ACCOUNT#<id>` / `ACCOUNT` and `ACCOUNT#<id>` / `KEY#<key_id>`."""

from __future__ import annotations

from typing import Any

from sellerlink.accounts import keys
from sellerlink.accounts.models import Account, ApiKey, PartnerKey
from sellerlink.table import ConditionFailed, Item, Put, Table, Update


def account_pk(account_id: str) -> str:
    return f"ACCOUNT#{account_id}"


def partner_pk(partner_id: str) -> str:
    """A partner account's own partition: `PARTNER#<id>` / `PARTNER` and `KEY#<key_id>`."""
    return f"PARTNER#{partner_id}"


def key_location(parsed: keys.ParsedKey) -> tuple[str, str]:
    """Where a key lies: a partner key under its partner, any other under its account."""
    partner = parsed.account_id.startswith(keys.PARTNER_ID_PREFIX)
    owner = partner_pk(parsed.account_id) if partner else account_pk(parsed.account_id)
    return owner, f"KEY#{parsed.key_id}"


def stored_key(parsed: keys.ParsedKey, item: Item | None) -> tuple[ApiKey | PartnerKey, str] | None:
    """The key and its digest from the item at `key_location(parsed)` (None: no such key)."""
    if not item:
        return None
    partner = parsed.account_id.startswith(keys.PARTNER_ID_PREFIX)
    key = PartnerKey.model_validate(item) if partner else ApiKey.model_validate(item)
    return key, str(item["digest"])


class AccountStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, account: Account, admin_key: ApiKey, admin_digest: str) -> None:
        self._table.transact(
            [
                Put(_account_item(account), condition="attribute_not_exists(PK)"),
                Put(_key_item(admin_key, admin_digest), condition="attribute_not_exists(PK)"),
            ]
        )

    def get(self, account_id: str) -> Account | None:
        item = self._table.get(account_pk(account_id), "ACCOUNT")
        return Account.model_validate(item) if item else None

    def all(self) -> list[Account]:
        return [Account.model_validate(i) for i in self._table.query_all("ACCOUNTS", index="GSI1")]

    def remove_seller_program_limit(self, account_id: str) -> Account:
        return Account.model_validate(self._set(account_id, "ACCOUNT", "seller_program_limit", None))

    def set_contact_email(self, account_id: str, email: str | None) -> Account:
        return Account.model_validate(self._set(account_id, "ACCOUNT", "contact_email", email))

    def set_key_email(self, account_id: str, key_id: str, email: str | None) -> ApiKey:
        return ApiKey.model_validate(self._set(account_id, f"KEY#{key_id}", "email", email))

    def _set(self, account_id: str, sk: str, name: str, value: Any) -> dict[str, Any]:
        """Sets one attribute of an existing item (None removes it); LookupError when there is none."""
        expression, values = ("REMOVE #f", {}) if value is None else ("SET #f = :v", {":v": value})
        try:
            return self._table.update(
                Update(
                    key={"PK": account_pk(account_id), "SK": sk},
                    expression=expression,
                    values=values,
                    names={"#f": name},
                    condition="attribute_exists(PK)",
                )
            )
        except ConditionFailed:
            raise LookupError(sk) from None

    def add_key(self, key: ApiKey, key_digest: str) -> None:
        self._table.put(_key_item(key, key_digest), condition="attribute_not_exists(PK)")

    def key_with_digest(self, account_id: str, key_id: str) -> tuple[ApiKey, str] | None:
        item = self._table.get(account_pk(account_id), f"KEY#{key_id}")
        if not item:
            return None
        return ApiKey.model_validate(item), str(item["digest"])

    def key_item(self, parsed: keys.ParsedKey) -> Item | None:
        """The stored item of a brand's or a partner's key (`stored_key` reads it)."""
        return self._table.get(*key_location(parsed))

    def list_keys(self, account_id: str) -> list[ApiKey]:
        return [ApiKey.model_validate(i) for i in self._table.query_all(account_pk(account_id), "KEY#")]

    def revoke_key(self, account_id: str, key_id: str, revoked_at: str) -> ApiKey:
        try:
            item = self._table.update(
                Update(
                    key={"PK": account_pk(account_id), "SK": f"KEY#{key_id}"},
                    expression="SET revoked_at = if_not_exists(revoked_at, :at)",
                    values={":at": revoked_at},
                    condition="attribute_exists(PK)",
                )
            )
        except ConditionFailed:
            raise LookupError(key_id) from None
        return ApiKey.model_validate(item)


def _account_item(account: Account) -> dict[str, Any]:
    return {
        "PK": account_pk(account.account_id),
        "SK": "ACCOUNT",
        "GSI1PK": "ACCOUNTS",
        "GSI1SK": account.account_id,
        **account.model_dump(mode="json", exclude_none=True),
    }


def _key_item(key: ApiKey, key_digest: str) -> dict[str, Any]:
    return {
        "PK": account_pk(key.account_id),
        "SK": f"KEY#{key.key_id}",
        "digest": key_digest,
        **key.model_dump(mode="json", exclude_none=True),
    }
