"""Liveness and readiness."""

from sqlmodel import Session

from tracker.app import create_app
from tracker.config import Settings


def test_healthz_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path):
    settings = Settings(
        DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none",
        TRACKER_SECRET_KEY="x" * 40,
        TRACKER_DATA_DIR=tmp_path,
        TRACKER_ENV="test",
    )
    from fastapi.testclient import TestClient

    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_categories_are_the_contract_list(client, world):
    response = client.get("/api/v1/categories")
    assert response.status_code == 200
    assert response.json()["items"] == [
        "generator",
        "heating",
        "medical_equipment",
        "medical_supplies",
        "vehicle",
        "shelter",
        "water_sanitation",
        "food",
        "clothing",
        "education",
        "it_equipment",
        "other",
    ]


def test_session_fixture_sees_the_world(session: Session, world):
    from tracker.orgs.models import Organization

    assert session.get(Organization, world.orgs["Brovary"]).kind == "community"
