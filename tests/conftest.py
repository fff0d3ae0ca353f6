"""Shared fixtures: a migrated database per backend (SQLite and PostgreSQL), the app, a client,
and a small world drawn from the seed articles (Brovary with Jena and Erlangen, Poltava with
Kalmar, the Association of Ukrainian Cities coordinating).

PostgreSQL: TRACKER_TEST_POSTGRES_URL (default: the local server, user postgres). When no
server answers, the PostgreSQL half is skipped with a message, unless TRACKER_REQUIRE_POSTGRES=1
(CI sets it), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest

# Settings are read once per process: point them at a scratch data directory before any
# tracker import reads them (the gazetteer cache and generated files go there).
_DATA_DIR = tempfile.mkdtemp(prefix="tracker-test-data-")
os.environ.setdefault("TRACKER_DATA_DIR", _DATA_DIR)
# One gazetteer index for the whole run, built once under a lock and shared by xdist workers
# (they inherit this from the controller); reused by later runs while its version holds.
os.environ.setdefault(
    "TRACKER_CACHE_DIR", os.path.join(tempfile.gettempdir(), "tracker-test-cache")
)
os.environ.setdefault("TRACKER_SECRET_KEY", "test-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("TRACKER_ENV", "test")
# Tests deliver notifications themselves; no background worker races them.
os.environ.setdefault("TRACKER_WORKER", "external")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

from tests.pdftools import pdf_text, qr_codes  # noqa: E402, F401
from tracker.config import Settings  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "TRACKER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_PG = os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1"


def _postgres_available() -> str | None:
    """None when the server answers, else the reason."""
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A freshly migrated database for this test run, dropped afterwards."""
    from tracker.migrate import upgrade

    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "tracker.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url
        return
    reason = _postgres_available()
    if reason is not None:
        message = (
            f"PostgreSQL not reachable at {PG_ADMIN_URL} ({reason}). Start it, or set "
            "TRACKER_TEST_POSTGRES_URL to a server where the user may create databases."
        )
        if REQUIRE_PG:
            pytest.fail(message)
        pytest.skip(message)
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        DATABASE_URL=database_url,
        TRACKER_SECRET_KEY="test-secret-key-that-is-long-enough-0123456789",
        TRACKER_DATA_DIR=os.environ["TRACKER_DATA_DIR"],
        TRACKER_ENV="test",
        TRACKER_BASE_URL="https://tracker.example.org",
    )


@pytest.fixture(scope="session")
def app(settings: Settings):
    from tracker.app import create_app

    return create_app(settings)


@pytest.fixture(scope="session")
def engine(app):  # type: ignore[no-untyped-def]
    return app.state.engine


def _tables() -> list[str]:
    """Every table of the metadata, children before parents (so deletes respect foreign keys)."""
    from tracker.models import metadata

    return [table.name for table in reversed(metadata.sorted_tables)]


def _wipe(engine) -> None:  # type: ignore[no-untyped-def]
    tables = _tables()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def db(app, engine) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """An empty database for this test (rows are wiped afterwards)."""
    yield
    _wipe(engine)


@pytest.fixture
def session(engine, db) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def client(app, db) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    # https like the settings' base URL: the cookies are Secure and only sent back over https.
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def password_hash() -> str:
    from tracker.auth.security import hash_password

    return hash_password(PASSWORD)


PASSWORD = "Slava-Ukraini-2022"


@dataclass
class World:
    """Ids and ready-made auth headers for the seed world."""

    orgs: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def h(self, who: str) -> dict[str, str]:
        return self.headers[who]


SEED_ORGS = [
    # name, kind, country, place, latitude, longitude, admin1
    ("Brovary", "community", "UA", "Бровари", 50.5110, 30.7909, "Kyiv Oblast"),
    ("Poltava", "community", "UA", "Полтава", 49.5883, 34.5514, "Poltava Oblast"),
    ("Kherson", "community", "UA", "Херсон", 46.6354, 32.6169, "Kherson Oblast"),
    ("Jena", "partner", "DE", "Jena", 50.9272, 11.5892, "Thuringia"),
    ("Erlangen", "partner", "DE", "Erlangen", 49.5897, 11.0120, "Bavaria"),
    ("Kalmar kommun", "partner", "SE", "Kalmar", 56.6634, 16.3568, "Kalmar"),
    ("Association of Ukrainian Cities", "coordinator", "UA", "Kyiv", 50.4501, 30.5234, "Kyiv"),
]
SEED_USERS = [
    # key, email, role, org name
    ("admin", "admin@tracker.example.org", "admin", None),
    ("coordinator", "olena@auc.org.ua", "coordinator", "Association of Ukrainian Cities"),
    ("brovary", "hospital@brovary-rada.gov.ua", "community", "Brovary"),
    ("poltava", "needs@poltava.gov.ua", "community", "Poltava"),
    ("jena", "ukraine-hilfe@jena.de", "partner", "Jena"),
    ("erlangen", "partnerschaft@erlangen.de", "partner", "Erlangen"),
    ("kalmar", "poltava@kalmar.se", "partner", "Kalmar kommun"),
]
SEED_PARTNERSHIPS = [
    ("Brovary", "Jena", date(2023, 3, 15)),
    ("Brovary", "Erlangen", date(2023, 3, 15)),
    ("Poltava", "Kalmar kommun", date(2023, 10, 1)),
]


@pytest.fixture
def world(session: Session, settings: Settings, password_hash: str) -> World:
    from tracker.auth.models import User
    from tracker.auth.sessions import issue_api_token
    from tracker.orgs.models import Organization, Partnership

    w = World()
    for name, kind, country, place, lat, lon, admin1 in SEED_ORGS:
        org = Organization(
            name=name,
            kind=kind,
            country=country,
            place=place,
            latitude=lat,
            longitude=lon,
            admin1=admin1,
        )
        session.add(org)
        session.flush()
        w.orgs[name] = org.id  # type: ignore[assignment]
    for community, partner, since in SEED_PARTNERSHIPS:
        session.add(
            Partnership(community_id=w.orgs[community], partner_id=w.orgs[partner], since=since)
        )
    for key, email, role, org_name in SEED_USERS:
        user = User(
            email=email,
            role=role,
            password_hash=password_hash,
            organization_id=w.orgs[org_name] if org_name else None,
            full_name=key.title(),
        )
        session.add(user)
        session.flush()
        w.users[key] = user.id  # type: ignore[assignment]
        token = issue_api_token(session, user.id, settings.secret_key, 60)  # type: ignore[arg-type]
        w.headers[key] = {"Authorization": f"Bearer {token}"}
    session.commit()
    return w


# Markers applied by where a test lives and what it runs on (`-m "not slow"`, `-m postgres`).
SLOW_MODULES = {
    "test_workflow_stateful",
    "test_workflow_concurrency",
    "test_matching_properties",
    "test_backup_drill",
    "test_faults",
    "test_schema_fuzz",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path
        if "e2e" in path.parts:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)
        if path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database_url") == "postgresql":
            item.add_marker(pytest.mark.postgres)
