"""Dashboard sessions: opened at sign-in, kept by an HttpOnly cookie, closed after 12 idle hours
or at sign-out (the record is deleted, so the cookie stops working at once).

The cookie is `<owner>.<session id>.<secret>`; only the secret's SHA-256 digest is stored, as for
API keys. A session also ends when what opened it is withdrawn (its key revoked, its address
removed): `still_valid` is asked on every request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sellerlink.accounts import keys
from sellerlink.accounts.models import Principal
from sellerlink.clock import Clock
from sellerlink.dashboard.dal import SessionStore
from sellerlink.dashboard.models import Session

IDLE_LIMIT = timedelta(hours=12)
TOUCH_AFTER = timedelta(minutes=5)  # last_seen is written at most this often


@dataclass(frozen=True)
class OpenedSession:
    session: Session
    cookie: str


class Sessions:
    def __init__(self, store: SessionStore, clock: Clock, still_valid: Callable[[Session], bool]) -> None:
        self._store, self._clock, self._still_valid = store, clock, still_valid

    def open(self, principal: Principal, signed_in_with: str, display_name: str) -> OpenedSession:
        now = self._clock.now()
        session = Session(
            session_id=keys.new_id("ses"),
            principal=principal,
            signed_in_with=signed_in_with,
            display_name=display_name,
            csrf=secrets.token_urlsafe(32),
            created_at=now,
            last_seen=now,
        )
        secret = secrets.token_urlsafe(32)
        self._store.save(session, keys.digest(secret), int((now + IDLE_LIMIT).timestamp()))
        return OpenedSession(session, f"{session.owner}.{session.session_id}.{secret}")

    def current(self, cookie: str | None) -> Session | None:
        """The session of this cookie, or None when it is unknown, signed out, idle too long or withdrawn."""
        parts = (cookie or "").split(".")
        if len(parts) != 3 or not all(parts):
            return None
        owner, session_id, secret = parts
        found = self._store.get(owner, session_id)
        if found is None:
            return None
        session, digest, _ = found
        now = self._clock.now()
        if not keys.matches(secret, digest) or now - session.last_seen > IDLE_LIMIT:
            return None
        if not self._still_valid(session):
            self._store.delete(owner, session_id)
            return None
        if now - session.last_seen > TOUCH_AFTER:
            session = session.model_copy(update={"last_seen": now})
            if not self._store.touch(session, int((now + IDLE_LIMIT).timestamp())):
                return None
        return session

    def close(self, session: Session) -> None:
        self._store.delete(session.owner, session.session_id)
