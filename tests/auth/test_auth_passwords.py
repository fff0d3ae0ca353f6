"""Passwords: at least 12 characters, not a common one, not trivially repeated or sequential."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tracker.auth.passwords import password_problem
from tracker.cli import app as cli

WEAK = [
    "aaaaaaaaaaaa",
    "aaaaaaaaaa",  # the review's example, and too short
    "123456789012",
    "098765432109",
    "abcabcabcabc",
    "abcdefghijkl",
    "qwertyuiopqw",
    "абвгґдеєжзиі",
    "zaq1zaq1zaq1",
    "password1234",
    "Password2024!",
    "iloveyou2024",
    "1qaz2wsx3edc",
    "Short-pw1",
]
STRONG = [
    "Slava-Ukraini-2022",
    "Demo-Password-2026",
    "Bezpeka-2026!",
    "correct horse battery staple",
    "Kalmar-Erlangen-Brücke",
]


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused(password):
    assert password_problem(password) is not None


@pytest.mark.parametrize("password", STRONG)
def test_ordinary_strong_passwords_pass(password):
    assert password_problem(password) is None


@pytest.mark.parametrize(
    "password,says",
    [
        ("aaaaaaaaaaaa", "too simple"),
        ("123456789012", "too simple"),
        ("abcabcabcabc", "too simple"),
        ("password1234", "most common"),
        ("Kyiv-2026", "at least 12 characters"),
    ],
)
def test_the_api_refuses_a_weak_password_with_422_and_says_why(client, world, password, says):
    body = {
        "email": "likar@brovary-rada.gov.ua",
        "password": password,
        "role": "community",
        "organization_id": world.orgs["Brovary"],
    }
    response = client.post("/api/v1/users", json=body, headers=world.h("admin"))
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", "password"]]
    assert says in errors[0]["msg"]


def test_the_cli_refuses_a_weak_password(monkeypatch, database_url, db):
    from tracker.config import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            cli,
            ["users", "create", "x@auc.org.ua", "--role", "coordinator", "--password-stdin"],
            input="abcabcabcabc\n",
        )
        assert result.exit_code == 1
        said = " ".join(result.output.split())
        assert "password" in said and "too simple" in said
    finally:
        get_settings.cache_clear()


def test_set_password_refuses_a_common_one_in_ukrainian_too(world, session):
    from tracker.auth import service
    from tracker.errors import Invalid
    from tracker.i18n import translations

    with pytest.raises(Invalid) as refused:
        service.set_password(session, world.users["jena"], "iloveyou2024")
    assert refused.value.status_code == 422
    uk = refused.value.translated(translations("uk").gettext)
    assert "найпоширеніших" in uk
