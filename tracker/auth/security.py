"""Password hashing (argon2id) and signed, expiring bearer tokens (JWT, HS256).

A token's `jti` is the secret of its row in `auth_session` (tracker/auth/sessions.py): the
signature and expiry are checked here, whether it was revoked there.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import lru_cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tracker.db import utcnow
from tracker.errors import N_, NotAuthenticated

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so that both answers take the same time.
_DUMMY_HASH = _hasher.hash("tracker-timing-equaliser")
_ALGORITHM = "HS256"
_AUDIENCE = "tracker-api"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def create_token(user_id: int, secret: str, minutes: int, jti: str | None = None) -> str:
    """A signed token. It opens nothing unless `jti` is a live session's secret: use
    `tracker.auth.sessions.issue_api_token`, which creates that session."""
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "jti": jti or secrets.token_urlsafe(32),
        "aud": _AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, secret: str) -> str:
    """The `jti` inside a valid token; NotAuthenticated for a forged or expired one."""
    jti, expires_at = _verified_token(token, secret)
    if expires_at <= utcnow().timestamp():
        raise NotAuthenticated(N_("Your session has expired; sign in again."))
    return jti


@lru_cache(maxsize=4096)
def _verified_token(token: str, secret: str) -> tuple[str, float]:
    """The `jti` and expiry of a token whose signature and audience check out.

    Remembered per token: checking the signature costs more than the rest of a cheap API call,
    and a client sends the same token for as long as it lasts. Only tokens that verify are
    remembered (a refused one raises, and lru_cache keeps no exceptions), and the expiry is
    checked again by the caller at every use.
    """
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["exp", "sub", "jti"]},
        )
        jti = claims["jti"]
        if not isinstance(jti, str) or not jti:
            raise ValueError("jti")
        return jti, float(claims["exp"])
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated(N_("Your session has expired; sign in again.")) from exc
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError) as exc:
        raise NotAuthenticated(N_("The access token is not valid; sign in again.")) from exc
