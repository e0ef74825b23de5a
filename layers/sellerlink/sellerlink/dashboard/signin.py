"""Signing in to the dashboard: by pasting an API key once, or by a one-time link sent by e-mail.

A one-time link is `<base>/sign-in/link?token=<token>`, one of the e-mail package's one-time links
(`email.links.LinkTokens`, purpose `sign-in`: only its digest is stored): it lasts 15 minutes and
opens one session. The message goes out through the one e-mail path (`email.sender.EmailSender`:
SES; locally moto's SES, read at `/_local/outbox`). Asking for links never says whether an address
is known: the page answers the same either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sellerlink.accounts.dal import AccountStore, stored_key
from sellerlink.accounts.keys import ParsedKey
from sellerlink.accounts.logic import authenticate
from sellerlink.accounts.models import Principal, PrincipalKind, Role
from sellerlink.clock import Clock
from sellerlink.dashboard.dal import PersonStore
from sellerlink.dashboard.models import Person, Session
from sellerlink.email.links import LinkTokens
from sellerlink.email.models import EmailMessage
from sellerlink.email.sender import EmailSender
from sellerlink.errors import Unauthorized, Unprocessable
from sellerlink.partners.dal import PartnerStore

LINK_LIFETIME = timedelta(minutes=15)
PURPOSE = "sign-in"
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s.]{2,63}$")
LINK_REFUSED = (
    "This sign-in link is not valid any more (links last 15 minutes and work once); ask for a new one."
)


def normal_email(raw: str) -> str:
    email = raw.strip().lower()
    if not EMAIL.match(email):
        raise Unprocessable("Enter an e-mail address such as dana@example.com.")
    return email


@dataclass(frozen=True)
class SignIn:
    accounts: AccountStore
    partners: PartnerStore
    people: PersonStore
    links: LinkTokens
    sender: EmailSender
    clock: Clock

    def with_key(self, raw_key: str) -> Principal:
        """The brand user or partner behind a pasted key (the operator key does not open the dashboard)."""
        if not raw_key.strip():
            raise Unprocessable("Paste your API key (it starts with slk.).")
        try:
            return authenticate(self.accounts, raw_key.strip(), None)
        except Unauthorized:
            raise Unauthorized(
                "That API key is not known or has been revoked. Paste the whole key, as it was shown once "
                "when it was created, or ask an admin of your account for a new one."
            ) from None

    def send_links(self, raw_email: str, base_url: str) -> None:
        """E-mails one link per account the address may sign in to; nothing when it may sign in to none."""
        email = normal_email(raw_email)
        people = self.people.with_email(email)
        if not people:
            return
        lines = [
            f"{self.describe(person.principal())}: {self._new_link(person, base_url)}" for person in people
        ]
        text = (
            "Open one of these links to sign in to Sellerlink. Each works once, within 15 minutes.\n\n"
            + "\n".join(lines)
            + "\n\nIf you did not ask to sign in, ignore this message."
        )
        self.sender.send(
            EmailMessage(to=email, subject="Your Sellerlink sign-in link", text=text, kind="sign_in")
        )

    def redeem(self, token: str) -> Person:
        """The person a link signs in, once; Unauthorized when it is unknown, used or expired."""
        taken = self.links.take(PURPOSE, token.strip()) if token.strip() else None
        if taken is None:
            raise Unauthorized(LINK_REFUSED)
        person = self.people.get(str(taken["owner"]), str(taken["email"]))
        if person is None:
            raise Unauthorized("This address may no longer sign in to that account; ask one of its admins.")
        return person

    def still_valid(self, session: Session) -> bool:
        """The key or the address that opened the session still opens it."""
        principal = session.principal
        key_id = str(principal.key_id)
        if key_id.startswith("person:"):
            return self.people.get(session.owner, key_id.removeprefix("person:")) is not None
        if principal.kind is PrincipalKind.PARTNER:
            parsed = ParsedKey(session.owner, key_id, secret="")
            found_partner = stored_key(parsed, self.accounts.key_item(parsed))
            return found_partner is not None and found_partner[0].revoked_at is None
        found = self.accounts.key_with_digest(session.owner, key_id)
        return found is not None and found[0].revoked_at is None

    def _new_link(self, person: Person, base_url: str) -> str:
        token = self.links.issue(PURPOSE, {"owner": person.owner, "email": person.email}, LINK_LIFETIME)
        return f"{base_url.rstrip('/')}/sign-in/link?token={token}"

    def describe(self, principal: Principal) -> str:
        """Whom a principal acts for, as the dashboard and the sign-in e-mail name it."""
        if principal.kind is PrincipalKind.PARTNER:
            partner = self.partners.get(str(principal.partner_id))
            return f"{partner.name if partner else principal.partner_id} (partner)"
        account = self.accounts.get(str(principal.account_id))
        return f"{account.name if account else principal.account_id} ({principal.role or Role.VIEWER})"
