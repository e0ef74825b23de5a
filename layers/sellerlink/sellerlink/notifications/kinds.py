"""The kinds of e-mail Sellerlink sends, the event that causes each, and whom each goes to."""

from __future__ import annotations

from enum import StrEnum

from sellerlink.accounts.models import Role
from sellerlink.webhooks.models import EventType


class NotificationKind(StrEnum):
    PROGRAM_INVITATION = "program_invitation"
    APPLICATION_RECEIVED = "application_received"
    APPLICATION_APPROVED = "application_approved"
    APPLICATION_DECLINED = "application_declined"
    STATEMENT_READY = "statement_ready"
    WEBHOOK_DISABLED = "webhook_disabled"
    CONNECTION_NEEDS_REAUTH = "connection_needs_reauth"
    PAYOUT_UPDATE = "payout_update"


K = NotificationKind
KIND_OF_EVENT: dict[EventType, NotificationKind] = {
    EventType.PARTNER_INVITED: K.PROGRAM_INVITATION,
    EventType.PARTNER_APPLIED: K.APPLICATION_RECEIVED,
    EventType.PARTNER_APPROVED: K.APPLICATION_APPROVED,
    EventType.PARTNER_DECLINED: K.APPLICATION_DECLINED,
    EventType.STATEMENT_READY: K.STATEMENT_READY,
    EventType.WEBHOOK_DISABLED: K.WEBHOOK_DISABLED,
    EventType.CONNECTION_NEEDS_REAUTH: K.CONNECTION_NEEDS_REAUTH,
    EventType.PAYOUT_CREATED: K.PAYOUT_UPDATE,
    EventType.PAYOUT_PAID: K.PAYOUT_UPDATE,
    EventType.PAYOUT_FAILED: K.PAYOUT_UPDATE,
}
DESCRIPTIONS: dict[NotificationKind, str] = {
    K.PROGRAM_INVITATION: "Partners: a brand invites you to its program, with a link to accept.",
    K.APPLICATION_RECEIVED: "Brands (admins, managers): a partner applied to your program.",
    K.APPLICATION_APPROVED: "Partners: your application or invitation was approved.",
    K.APPLICATION_DECLINED: "Partners: your application was declined.",
    K.STATEMENT_READY: "Brands (admins) and partners: a month's payout statement is final.",
    K.WEBHOOK_DISABLED: "Brands (admins) and partners: one of your webhook endpoints was disabled.",
    K.CONNECTION_NEEDS_REAUTH: "Brands (admins): Amazon no longer accepts a connection; reconnect it.",
    K.PAYOUT_UPDATE: "Partners: a payout to you was scheduled, paid or failed.",
}
# Which of a brand's keys hear of each kind (the account's contact address always does).
BRAND_ROLES: dict[NotificationKind, frozenset[Role]] = {
    K.APPLICATION_RECEIVED: frozenset({Role.ADMIN, Role.MANAGER}),
    K.STATEMENT_READY: frozenset({Role.ADMIN}),
    K.WEBHOOK_DISABLED: frozenset({Role.ADMIN}),
    K.CONNECTION_NEEDS_REAUTH: frozenset({Role.ADMIN}),
}
