"""Endpoints, deliveries and inbound-callback state in the table.

- `<owner>` / `WEBHOOK#<endpoint_id>`: an endpoint. `<owner>` is the program partition
  (`ACCOUNT#<a>#PROGRAM#<p>`) for a brand's endpoint, `PARTNER#<pid>` for a partner's.
- `<owner>` / `WHDELIVERY#<endpoint_id>#<delivery_id>`: a delivery and its latest attempt.
  Delivery ids start with their creation time, so a time range is one range query.
- `ACCOUNT#<a>#PROGRAM#<p>` / `CALLBACKSECRET`: the sealed callback secrets (GSI2
  `CALLBACK#<p>` / `SECRET`: how the public callback route finds the program by its id).
- `ACCOUNT#<a>#PROGRAM#<p>` / `CALLBACKID#<webhook-id>`: a callback id already used (TTL 1 day).
- `ACCOUNT#<a>#PROGRAM#<p>` / `EMAILINVITE#<e-mail>`: a partner invited by e-mail from a callback.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sellerlink.table import ConditionFailed, Item, Table, Update
from sellerlink.webhooks.models import Delivery, Endpoint, EndpointStatus, SigningSecret

ENDPOINT = "WEBHOOK#"
DELIVERY = "WHDELIVERY#"
DELIVERY_KEPT = timedelta(days=30)
CALLBACK_SECRET = "CALLBACKSECRET"
CALLBACK_ID = "CALLBACKID#"
EMAIL_INVITE = "EMAILINVITE#"
CALLBACK_ID_KEPT = timedelta(days=1)


def partner_owner(partner_id: str) -> str:
    return f"PARTNER#{partner_id}"


class EndpointStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def save(self, endpoint: Endpoint) -> None:
        self._table.put({"PK": endpoint.owner, "SK": ENDPOINT + endpoint.endpoint_id, **_dump(endpoint)})

    def get(self, owner: str, endpoint_id: str) -> Endpoint | None:
        item = self._table.get(owner, ENDPOINT + endpoint_id)
        return Endpoint.model_validate(item) if item else None

    def of_owner(self, owner: str) -> list[Endpoint]:
        return [Endpoint.model_validate(i) for i in self._table.query_all(owner, ENDPOINT)]

    def delete(self, owner: str, endpoint_id: str) -> None:
        self._table.delete(owner, ENDPOINT + endpoint_id)

    def succeeded(self, endpoint: Endpoint) -> None:
        if endpoint.consecutive_failures:
            self._set(endpoint, "SET consecutive_failures = :zero", {":zero": 0})

    def failed(self, endpoint: Endpoint) -> int:
        """Counts one more failure in a row; the new count."""
        updated = self._set(endpoint, "ADD consecutive_failures :one", {":one": 1})
        return int(updated.get("consecutive_failures", 0))

    def disable(self, endpoint: Endpoint, notice: str, now: datetime) -> bool:
        """Disables an active endpoint; False when it already was (so the notice goes out once)."""
        try:
            self._set(
                endpoint,
                "SET #status = :disabled, notice = :notice, updated_at = :now",
                {
                    ":disabled": EndpointStatus.DISABLED.value,
                    ":notice": notice,
                    ":now": now.isoformat(),
                    ":active": "active",
                },
                condition="#status = :active",
            )
        except ConditionFailed:
            return False
        return True

    def _set(self, endpoint: Endpoint, expression: str, values: Item, condition: str | None = None) -> Item:
        names = {"#status": "status"} if "#status" in expression else None
        exists = "attribute_exists(PK)" + (f" AND {condition}" if condition else "")
        return self._table.update(
            Update(
                key={"PK": endpoint.owner, "SK": ENDPOINT + endpoint.endpoint_id},
                expression=expression,
                values=values,
                names=names,
                condition=exists,
            )
        )


class DeliveryStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def create(self, delivery: Delivery) -> bool:
        """Writes a new delivery; False when this event already went to this endpoint's log."""
        return self._table.put_new(_delivery_item(delivery))

    def save(self, delivery: Delivery) -> None:
        self._table.put(_delivery_item(delivery))

    def save_many(self, deliveries: list[Delivery]) -> None:
        self._table.put_many(_delivery_item(delivery) for delivery in deliveries)

    def get(self, owner: str, endpoint_id: str, delivery_id: str) -> Delivery | None:
        item = self._table.get(owner, f"{DELIVERY}{endpoint_id}#{delivery_id}")
        return Delivery.model_validate(item) if item else None

    def page(
        self, owner: str, endpoint_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Delivery], str | None]:
        found = self._table.query(
            owner, f"{DELIVERY}{endpoint_id}#", limit=limit, cursor=cursor, newest_first=True
        )
        return [Delivery.model_validate(i) for i in found.items], found.next_cursor

    def between(self, owner: str, endpoint_id: str, first: str, last: str) -> list[Delivery]:
        """Deliveries whose ids sort between two id prefixes (creation times), inclusive."""
        prefix = f"{DELIVERY}{endpoint_id}#"
        items = self._table.query_all(owner, sk_between=(prefix + first, prefix + last + "~"))
        return [Delivery.model_validate(i) for i in items]


class CallbackStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def save_secrets(self, program_pk: str, program_id: str, secrets: list[SigningSecret]) -> None:
        self._table.put(
            {
                "PK": program_pk,
                "SK": CALLBACK_SECRET,
                "GSI2PK": f"CALLBACK#{program_id}",
                "GSI2SK": "SECRET",
                "program_pk": program_pk,
                "secrets": [s.model_dump(mode="json") for s in secrets],
            }
        )

    def secrets_of(self, program_pk: str) -> list[SigningSecret]:
        item = self._table.get(program_pk, CALLBACK_SECRET) or {}
        return [SigningSecret.model_validate(s) for s in item.get("secrets", [])]

    def find(self, program_id: str) -> tuple[str, list[SigningSecret]] | None:
        """The program partition and callback secrets of a program known only by its id."""
        items = self._table.query(f"CALLBACK#{program_id}", "SECRET", index="GSI2", limit=1).items
        if not items:
            return None
        return str(items[0]["program_pk"]), [SigningSecret.model_validate(s) for s in items[0]["secrets"]]

    def claim(self, program_pk: str, message_id: str, now: datetime) -> bool:
        """Records a callback id as used; False when it was used before (a replay)."""
        try:
            self._table.put(
                {
                    "PK": program_pk,
                    "SK": CALLBACK_ID + message_id,
                    "used_at": now.isoformat(),
                    "expires_at": int((now + CALLBACK_ID_KEPT).timestamp()),
                },
                condition="attribute_not_exists(PK)",
            )
        except ConditionFailed:
            return False
        return True

    def release(self, program_pk: str, message_id: str) -> None:
        """Forgets a claimed id whose callback was refused, so the brand can fix it and send again."""
        self._table.delete(program_pk, CALLBACK_ID + message_id)

    def invite_by_email(self, program_pk: str, email: str, message_id: str, now: datetime) -> None:
        self._table.put(
            {
                "PK": program_pk,
                "SK": EMAIL_INVITE + email.lower(),
                "email": email,
                "invited_at": now.isoformat(),
                "webhook_id": message_id,
            }
        )

    def email_invites(self, program_pk: str) -> list[dict[str, Any]]:
        return self._table.query_all(program_pk, EMAIL_INVITE)


def _dump(endpoint: Endpoint) -> Item:
    return endpoint.model_dump(mode="json", exclude_none=True)


def _delivery_item(delivery: Delivery) -> Item:
    """A delivery stays in the log (and can be replayed) for DELIVERY_KEPT; DynamoDB's TTL removes it."""
    return {
        "PK": delivery.owner,
        "SK": f"{DELIVERY}{delivery.endpoint_id}#{delivery.delivery_id}",
        **delivery.model_dump(mode="json", exclude_none=True),
        "expires_at": int((delivery.created_at + DELIVERY_KEPT).timestamp()),
    }
