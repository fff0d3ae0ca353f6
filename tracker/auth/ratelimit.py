"""Slow down password guessing and scraping, with counters every server shares.

Sign-in failures are counted per (account, address) and per address, never per account
alone: someone guessing at an account from one address is slowed down there, while the owner
signs in from anywhere else as usual. Both grow their delay with each failure past a few
free ones (tracker/auth/throttle.py). A successful sign-in clears its (account, address)
counter but not the address's, so one known password cannot wash away guesses at others.

The public receipt check (`/verify`) is limited per address.

Addresses are the client's as the server sees it: behind a reverse proxy, run uvicorn with
`--proxy-headers` and `--forwarded-allow-ips` so that each client is counted on its own.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request
from sqlmodel import Session

from tracker.auth import throttle
from tracker.db import write_transaction
from tracker.errors import N_, DomainError

LOGIN_ACCOUNT_ADDRESS = throttle.Rule(
    "login:account+address",
    free=5,
    window=timedelta(hours=1),
    first_delay=timedelta(seconds=2),
    max_delay=timedelta(minutes=15),
)
LOGIN_ADDRESS = throttle.Rule(
    "login:address",
    free=50,
    window=timedelta(hours=1),
    first_delay=timedelta(seconds=2),
    max_delay=timedelta(minutes=15),
)
VERIFY_ADDRESS = throttle.Rule(
    "verify:address",
    free=60,
    window=timedelta(minutes=10),
    first_delay=timedelta(seconds=5),
    max_delay=timedelta(minutes=10),
)


class TooManyAttempts(DomainError):
    status_code = 429


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _login_keys(address: str, email: str) -> tuple[str, str]:
    return (
        LOGIN_ACCOUNT_ADDRESS.key(email.strip().lower(), address),
        LOGIN_ADDRESS.key(address),
    )


def check_login(session: Session, address: str, email: str) -> None:
    """TooManyAttempts (429) while this address, or this account from it, must wait."""
    wait = throttle.wait_seconds(session, list(_login_keys(address, email)))
    session.commit()  # end the read before any write (SQLite: writes start as IMMEDIATE)
    if wait:
        raise TooManyAttempts(
            N_("Too many failed sign-ins. Try again in %(seconds)s seconds."), seconds=wait
        )


def login_failed(session: Session, address: str, email: str) -> None:
    account_key, address_key = _login_keys(address, email)
    with write_transaction(session):
        throttle.record(session, LOGIN_ACCOUNT_ADDRESS, account_key)
        throttle.record(session, LOGIN_ADDRESS, address_key)


def login_succeeded(session: Session, address: str, email: str) -> None:
    account_key, _address_key = _login_keys(address, email)
    with write_transaction(session):
        throttle.reset(session, account_key)


def count_verify(session: Session, address: str) -> None:
    """Count one use of the public receipt check; TooManyAttempts (429) while over the limit."""
    key = VERIFY_ADDRESS.key(address)
    wait = throttle.wait_seconds(session, [key])
    session.commit()
    if wait:
        raise TooManyAttempts(
            N_("Too many receipt checks from your address. Try again in %(seconds)s seconds."),
            seconds=wait,
        )
    with write_transaction(session):
        throttle.record(session, VERIFY_ADDRESS, key)
