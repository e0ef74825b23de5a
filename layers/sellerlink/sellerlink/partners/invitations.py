"""Accepting an invitation from the link e-mailed with it (no API key: the link is the proof).

A partner's invitation is accepted as applying would accept it (invited → approved). An address
invited without a partner account gets one when it accepts: the brand's invitation stands in for
public sign-up, and that link works once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sellerlink.clock import Clock
from sellerlink.email.links import LinkTokens
from sellerlink.errors import Conflict, NotFound
from sellerlink.partners import logic
from sellerlink.partners.dal import PartnerStore
from sellerlink.partners.models import IssuedPartnerKey, Membership, MembershipAction, MembershipStatus
from sellerlink.programs.dal import ProgramStore
from sellerlink.programs.models import Program, ProgramStatus

INVITATION = "invitation"
LINK_REFUSED = (
    "This invitation link is unknown, was already used or has expired; ask the brand to invite you again."
)


@dataclass(frozen=True)
class Invitation:
    program: Program
    partner_name: str | None
    email: str | None
    partner_id: str | None


@dataclass(frozen=True)
class Accepted:
    membership: Membership
    key: IssuedPartnerKey | None  # a new partner account's first key, shown once


@dataclass(frozen=True)
class InvitationDesk:
    links: LinkTokens
    partners: PartnerStore
    programs: ProgramStore
    clock: Clock

    def read(self, token: str) -> Invitation:
        data = self.links.read(INVITATION, token)
        if data is None:
            raise NotFound(LINK_REFUSED)
        program = self.programs.get(str(data["account_id"]), str(data["program_id"]))
        if program is None:
            raise NotFound(LINK_REFUSED)
        partner = self.partners.get(data["partner_id"]) if data.get("partner_id") else None
        return Invitation(
            program, partner.name if partner else None, data.get("email"), data.get("partner_id")
        )

    def accept(
        self, token: str, events: logic.MembershipEvents, name: str | None = None, website: str | None = None
    ) -> Accepted:
        invitation = self.read(token)
        if invitation.program.status is not ProgramStatus.ACTIVE:
            raise Conflict(
                f"{invitation.program.name} is {invitation.program.status} and takes no partners now."
            )
        if invitation.partner_id:
            membership = self._accept_as_partner(invitation)
            key = None
        else:
            membership, key = self._join(token, invitation, name, website)
        events.membership_changed(membership)  # partner.approved
        return Accepted(membership, key)

    def _accept_as_partner(self, invitation: Invitation) -> Membership:
        program, partner_id = invitation.program, str(invitation.partner_id)
        found = self.partners.membership(program.account_id, program.program_id, partner_id)
        if found is None:
            raise NotFound(LINK_REFUSED)
        if found.status is MembershipStatus.INVITED:
            return logic.move(self.partners, self.clock, found, MembershipAction.APPROVE)
        if found.status is MembershipStatus.APPROVED:
            return found
        raise Conflict(
            f"This invitation no longer stands: {logic.NOT_APPROVED[found.status].replace('its', 'your')}."
        )

    def _join(
        self, token: str, invitation: Invitation, name: str | None, website: str | None
    ) -> tuple[Membership, IssuedPartnerKey]:
        if not name or not name.strip():
            raise Conflict("Give the name partners and brands will know you by, then accept again.")
        if self.links.take(INVITATION, token) is None:
            raise NotFound(LINK_REFUSED)
        partner, key = logic.create_partner(
            self.partners,
            self.clock,
            name=name.strip()[:100],
            website=(website or "").strip()[:300] or None,
            email=invitation.email,
        )
        membership = logic.new_membership(self.clock, invitation.program, partner, MembershipStatus.APPROVED)
        self.partners.add_membership(membership)
        return membership, key
