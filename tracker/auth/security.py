"""Password hashing (argon2id) and signed, expiring bearer tokens (JWT, HS256)."""

from __future__ import annotations

from datetime import timedelta

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


def create_token(user_id: int, secret: str, minutes: int) -> str:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "aud": _AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=minutes)).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, secret: str) -> int:
    """The user id inside a valid token; NotAuthenticated for a forged or expired one."""
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], audience=_AUDIENCE)
        return int(claims["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated(N_("Your session has expired; sign in again.")) from exc
    except (jwt.InvalidTokenError, KeyError, ValueError) as exc:
        raise NotAuthenticated(N_("The access token is not valid; sign in again.")) from exc
