"""Inbound brand callbacks: events the brand's own systems push, signed like our webhooks.

Order of checks: the program must have a callback secret, the signature must match one of its
live secrets, the timestamp must be within 5 minutes (401 otherwise); the type must be known
(422 listing the known ones); the `webhook-id` must be new (401 for a replay). A callback that
is then refused (422) forgets its id, so the brand can fix it and send it again; nothing else
changed. `adjustment.create` writes a `custom` ledger entry whose id is derived from the
`webhook-id`, so it is appended at most once even if two deliveries race.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from sellerlink import bodies
from sellerlink.accounts.models import Principal, PrincipalKind, Role
from sellerlink.accounts.permissions import require_admin
from sellerlink.clock import Clock
from sellerlink.errors import NotFound, Unauthorized, Unprocessable
from sellerlink.model import Model
from sellerlink.programs.dal import ProgramStore, program_pk
from sellerlink.programs.models import Program
from sellerlink.webhooks import signing
from sellerlink.webhooks.dal import CallbackStore
from sellerlink.webhooks.secretbox import SecretBox

KNOWN_TYPES = ("adjustment.create", "partner.invite", "catalog.refresh")
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class AdjustmentCreate(Model):
    partner_id: str = Field(description="The partner the bonus (positive) or clawback (negative) is for.")
    amount: Decimal = Field(description="In the program's currency; rounded half-even to its minor unit.")
    reason: str = Field(min_length=1, max_length=500)
    date: date


class PartnerInvite(Model):
    email: str = Field(pattern=EMAIL, max_length=254)
    partner_id: str | None = Field(default=None, description="Also invite this Sellerlink partner at once.")


class CatalogRefresh(Model):
    """`catalog.refresh` carries no data: it starts a re-import of the program's catalog."""


class CallbackAccepted(Model):
    webhook_id: str
    type: str
    result: dict[str, Any]


class CallbackSecret(Model):
    secret: str = Field(description="The callback signing secret (`whsec_...`), shown once.")
    previous_retires_at: datetime | None = Field(
        default=None, description="When the previous secret stops being accepted (rotation overlap)."
    )


class CallbackRotation(Model):
    overlap_hours: int = Field(default=24, ge=0, le=168)


# What each type does, given the program and the validated data: answers the result to show.
Actions = Mapping[str, Callable[[Program, Any, str], dict[str, Any]]]
MODELS: dict[str, type[BaseModel]] = {
    "adjustment.create": AdjustmentCreate,
    "partner.invite": PartnerInvite,
    "catalog.refresh": CatalogRefresh,
}


@dataclass(frozen=True)
class CallbackReceiver:
    callbacks: CallbackStore
    programs: ProgramStore
    box: SecretBox
    wall_clock: Clock
    actions: Actions

    def issue_secret(self, principal: Principal, program_id: str, overlap_hours: int) -> CallbackSecret:
        require_admin(principal, "issue the program's callback secret")
        account_id = principal.account_id or ""
        if self.programs.get(account_id, program_id) is None:
            raise NotFound(f"There is no program {program_id} in your account.")
        pk, now = program_pk(account_id, program_id), self.wall_clock.now()
        retires = now + timedelta(hours=overlap_hours)
        old = [s for s in self.callbacks.secrets_of(pk) if s.retires_at is None or s.retires_at > now]
        kept = [s.model_copy(update={"retires_at": min(s.retires_at or retires, retires)}) for s in old]
        secret, sealed = self.box.issue(pk, now)
        self.callbacks.save_secrets(pk, program_id, [sealed, *kept])
        return CallbackSecret(secret=secret.get_secret_value(), previous_retires_at=retires if kept else None)

    def receive(self, program_id: str, headers: Mapping[str, str], body: bytes) -> CallbackAccepted:
        found = self.callbacks.find(program_id)
        if found is None:
            raise Unauthorized(f"Program {program_id} takes no callbacks: issue its callback secret first.")
        pk, stored = found
        now = self.wall_clock.now()
        secrets = [self.box.open(pk, s) for s in stored if s.retires_at is None or s.retires_at > now]
        message_id = signing.verify(secrets, headers, body, now)
        kind, data = _parse(body)
        program = self._program(pk, program_id)
        if not self.callbacks.claim(pk, message_id, now):
            raise Unauthorized(f"webhook-id {message_id} was used already; a callback is accepted once.")
        try:
            result = self.actions[kind](program, data, message_id)
        except Exception:
            self.callbacks.release(pk, message_id)  # nothing was done: the brand may send it again
            raise
        return CallbackAccepted(webhook_id=message_id, type=kind, result=result)

    def _program(self, pk: str, program_id: str) -> Program:
        account_id = pk.split("#")[1]
        program = self.programs.get(account_id, program_id)
        if program is None:
            raise NotFound(f"There is no program {program_id}.")
        return program


def _parse(body: bytes) -> tuple[str, BaseModel]:
    message = bodies.parse(body)  # 400 when it is not JSON, not UTF-8 or nested too deep
    kind = message.get("type") if isinstance(message, dict) else None
    if kind not in MODELS:
        raise Unprocessable(
            f"Unknown callback type {kind!r}. Known types: {', '.join(KNOWN_TYPES)}.",
            known_types=list(KNOWN_TYPES),
        )
    try:
        return kind, MODELS[kind].model_validate(message.get("data") or {})
    except ValidationError as invalid:
        fields = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in invalid.errors())
        raise Unprocessable(
            f"Fix the {kind} data and send it again with a new webhook-id: {fields}."
        ) from None


def callback_principal(program: Program) -> Principal:
    """The brand, as its own signed systems act for it (a manager's rights)."""
    return Principal(
        kind=PrincipalKind.BRAND, account_id=program.account_id, role=Role.MANAGER, key_id="callback"
    )
