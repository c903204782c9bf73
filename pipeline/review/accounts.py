"""Who may use the workspace: accounts (argon2 hashes in the store), browser sessions, login throttling.

Roles are a closed table (`ROLES`): each names the pages it may open (`app.py` checks them per route),
so another role (a commune clerk bound to one unit) is one more entry, not a rewrite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from pipeline.core.i18n import _
from pipeline.run.store import Store, User, WebSession

ROLES = ("reviewer", "admin", "commune")  # commune: a clerk of one unit, who uploads its files
SESSION_HOURS = 12
MIN_PASSWORD = 8
_hasher = PasswordHasher()
# a hash of a throwaway password: an unknown name costs the same time as a wrong password
_DUMMY_HASH = _hasher.hash("not-a-password-" + secrets.token_hex(8))


class AccountError(ValueError):
    """A refused account operation; the message says why."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def clean_name(name: str) -> str:
    return unicodedata.normalize("NFC", (name or "").strip())


def add_user(store: Store, name: str, role: str, password: str, unit: str | None = None,
             units: list[str] | None = None) -> None:
    """Create an account, or reset the role, unit and password of an existing one. A `commune`
    account is bound to one unit, which must be one of `units` (the configured units) when given."""
    name = clean_name(name)
    if not name or len(name) > 128 or any(unicodedata.category(c).startswith("C") for c in name):
        raise AccountError(_("A user name must be 1 to 128 printable characters."))
    if role not in ROLES:
        raise AccountError(_("Unknown role {role!r} (choose {roles}).").format(role=role, roles=", ".join(ROLES)))
    unit = clean_name(unit) if unit else None
    if role == "commune" and not unit:
        raise AccountError(_("A commune account needs its unit: --unit \"Xã …\"."))
    if role != "commune" and unit:
        raise AccountError(_("Only a commune account is bound to a unit."))
    if unit and units is not None and unit not in units:
        raise AccountError(_("{unit!r} is not a configured unit (units: {units}).").format(
            unit=unit, units=", ".join(units)))
    if len(password) < MIN_PASSWORD:
        raise AccountError(_("The password must have at least {n} characters.").format(n=MIN_PASSWORD))
    digest = _hasher.hash(password)
    with store.session() as s:
        user = s.get(User, name)
        if user is None:
            s.add(User(name=name, role=role, password_hash=digest, unit=unit))
        else:
            user.role, user.password_hash, user.unit, user.disabled = role, digest, unit, False
        s.execute(delete(WebSession).where(WebSession.user == name))  # a reset signs out old browsers


def verify(store: Store, name: str, password: str) -> User | None:
    """The account when the password is right, else None (same work either way)."""
    with store.session() as s:
        user = s.get(User, clean_name(name))
        digest = user.password_hash if user is not None and not user.disabled else _DUMMY_HASH
        try:
            _hasher.verify(digest, password)
        except (VerificationError, InvalidHashError):
            return None
        return user if user is not None and not user.disabled else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def open_session(store: Store, user: str) -> tuple[str, str]:
    """A new session: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with store.session() as s:
        s.execute(delete(WebSession).where(WebSession.expires < _now()))
        s.add(WebSession(token_sha256=_token_hash(token), user=user, csrf=csrf,
                         expires=_now() + dt.timedelta(hours=SESSION_HOURS)))
    return token, csrf


def session_user(store: Store, token: str | None) -> tuple[User, str] | None:
    """(account, CSRF token) of a live session, or None."""
    if not token or len(token) > 100:
        return None
    with store.session() as s:
        row = s.get(WebSession, _token_hash(token))
        if row is None or row.expires < _now():
            return None
        user = s.get(User, row.user)
        if user is None or user.disabled:
            return None
        return user, row.csrf


def close_session(store: Store, token: str | None) -> None:
    if token:
        with store.session() as s:
            s.execute(delete(WebSession).where(WebSession.token_sha256 == _token_hash(token)))


def users(store: Store) -> list[User]:
    with store.session() as s:
        return list(s.scalars(select(User).order_by(User.name)))


class Throttle:
    """Failed logins per account and per client address: after `limit` failures within `window`
    seconds, further attempts are refused until the window has passed (a guessed password never gets
    a thousand tries)."""

    def __init__(self, limit: int = 5, window: float = 300.0):
        self.limit, self.window = limit, window
        self._fails: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._fails.get(key, []) if now - t < self.window]
        self._fails[key] = times
        return times

    def blocked(self, *keys: str) -> float:
        """Seconds to wait (0 when allowed)."""
        now = time.monotonic()
        with self._lock:
            waits = [self.window - (now - times[0]) for k in keys
                     if len(times := self._recent(k, now)) >= self.limit]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)
