"""Password reset and invitations end to end: a real SMTP server receives the e-mails and the
test follows their links."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from typer.testing import CliRunner

from tests.accounts.conftest import link_in, set_password
from tests.conftest import PASSWORD
from tracker.accounts.models import AccountToken
from tracker.auth.models import User
from tracker.db import utcnow

NEW = "Kalyna-blossoms-over-Dnipro"
POLTAVA = "needs@poltava.gov.ua"


def _token(client, email: str, password: str) -> int:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    return response.status_code


def _ask_reset(client, email: str):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/auth/password-reset", json={"email": email})


def test_reset_link_sets_a_new_password_and_ends_other_sessions(client, world, worker, inbox):
    response = _ask_reset(client, POLTAVA.upper())
    assert response.status_code == 202 and response.content == b""
    assert worker.deliver() == 1
    [message] = inbox.to(POLTAVA)
    path = link_in(message, "reset")
    assert message["Subject"] == "tracker: скидання пароля"  # the account reads Ukrainian

    weak = set_password(client, path, "aaaaaaaaaaaaaa")
    assert weak.status_code == 422
    assert 'id="password-error"' in weak.text
    differ = set_password(client, path, NEW, again=NEW + "x")
    assert differ.status_code == 422 and 'id="password2-error"' in differ.text

    done = set_password(client, path, NEW)
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert client.get("/", follow_redirects=False).status_code == 200  # signed in
    # The token issued before the reset is dead; the old password fails, the new one works.
    me = client.get("/api/v1/auth/me", headers=world.h("poltava"))
    assert me.status_code == 401
    assert _token(client, POLTAVA, PASSWORD) == 401
    assert _token(client, POLTAVA, NEW) == 200
    # The link worked once.
    again = client.get(path, headers={"Accept-Language": "en"})
    assert again.status_code == 410
    assert "expired or was already used" in again.text
    reuse = client.post(path, data={"password": NEW, "password2": NEW}, follow_redirects=False)
    assert reuse.status_code in (403, 410)


def test_reset_answers_the_same_for_unknown_and_disabled_accounts(
    client, world, session, worker, inbox
):
    known = _ask_reset(client, POLTAVA)
    unknown = _ask_reset(client, "nobody@example.org")
    session.execute(update(User).where(User.email == "poltava@kalmar.se").values(is_active=False))
    session.commit()
    disabled = _ask_reset(client, "poltava@kalmar.se")
    assert {r.status_code for r in (known, unknown, disabled)} == {202}
    assert known.content == unknown.content == disabled.content
    assert known.headers.get("content-length") == unknown.headers.get("content-length")
    assert worker.deliver() == 1
    assert [m["To"] for m in inbox.messages] == [POLTAVA]


def test_reset_requests_are_throttled_per_account(client, world, worker, inbox):
    for _ in range(6):
        assert _ask_reset(client, POLTAVA).status_code == 202
    worker.deliver()
    assert len(inbox.to(POLTAVA)) == 4  # 3 free, the 4th blocks the account for a while


def test_expired_and_unknown_links_show_a_clear_page_in_the_readers_language(
    client, world, session, worker, inbox
):
    _ask_reset(client, POLTAVA)
    worker.deliver()
    path = link_in(inbox.to(POLTAVA)[0], "reset")
    session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    gone = client.get(path, headers={"Accept-Language": "uk"})
    assert gone.status_code == 410
    assert "Це посилання" in gone.text
    assert 'name="password"' not in gone.text
    unknown = client.get("/reset/not-a-real-token", headers={"Accept-Language": "en"})
    assert unknown.status_code == 400
    assert "not valid" in unknown.text


def test_reset_email_is_in_the_recipients_language(client, world, session, worker, inbox):
    session.execute(update(User).where(User.email == "poltava@kalmar.se").values(language="sv"))
    session.commit()
    _ask_reset(client, "poltava@kalmar.se")
    worker.deliver()
    [message] = inbox.to("poltava@kalmar.se")
    assert "lösenord" in message["Subject"].lower()


def test_invitation_link_sets_the_password_and_signs_in(client, world, session, worker, inbox):
    response = client.post(
        "/api/v1/users/invite",
        json={
            "email": "Lars@Kalmar.se",
            "role": "partner",
            "organization_id": world.orgs["Kalmar kommun"],
        },
        headers=world.h("coordinator"),
    )
    assert response.status_code == 201, response.text
    assert response.json()["is_active"] is False
    assert _token(client, "lars@kalmar.se", "") in (401, 422)
    worker.deliver()
    [message] = inbox.to("lars@kalmar.se")
    path = link_in(message, "invite")
    assert "Kalmar kommun" in message.get_body(("plain",)).get_content()

    done = set_password(client, path, NEW)
    assert done.status_code == 303
    dashboard = client.get("/", follow_redirects=False)
    assert dashboard.status_code == 200 and "Kalmar kommun" in dashboard.text
    assert _token(client, "lars@kalmar.se", NEW) == 200
    assert client.get(path).status_code == 410


def test_resend_kills_the_old_link_and_revoke_kills_the_new(client, world, worker, inbox):
    created = client.post(
        "/api/v1/users/invite",
        json={"email": "anna@jena.de", "role": "partner", "organization_id": world.orgs["Jena"]},
        headers=world.h("admin"),
    ).json()
    resent = client.post(f"/api/v1/users/{created['id']}/invitation", headers=world.h("admin"))
    assert resent.status_code == 200
    worker.deliver()
    first, second = (link_in(m, "invite") for m in inbox.to("anna@jena.de"))
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    revoked = client.delete(f"/api/v1/users/{created['id']}/invitation", headers=world.h("admin"))
    assert revoked.status_code == 200
    assert client.get(second).status_code == 410
    again = client.delete(f"/api/v1/users/{created['id']}/invitation", headers=world.h("admin"))
    assert again.status_code == 409


def test_who_may_invite_whom(client, world):
    def invite(who: str, email: str, role: str, org: str | None) -> int:
        body = {"email": email, "role": role, "organization_id": world.orgs[org] if org else None}
        return client.post("/api/v1/users/invite", json=body, headers=world.h(who)).status_code

    assert invite("coordinator", "x1@jena.de", "partner", "Jena") == 201
    assert invite("coordinator", "x2@brovary.ua", "community", "Brovary") == 201
    assert invite("coordinator", "boss@example.org", "admin", None) == 403
    assert invite("coordinator", "c2@auc.org.ua", "coordinator", None) == 403
    assert invite("admin", "c3@auc.org.ua", "coordinator", "Association of Ukrainian Cities") == 201
    assert invite("jena", "x3@jena.de", "partner", "Jena") == 403
    assert invite("brovary", "x4@brovary.ua", "community", "Brovary") == 403
    assert invite("admin", "x5@jena.de", "community", "Jena") == 422  # a partner org
    assert invite("admin", "ukraine-hilfe@jena.de", "partner", "Jena") == 409
    anonymous = client.post("/api/v1/users/invite", json={"email": "a@b.de", "role": "partner"})
    assert anonymous.status_code == 401


def test_users_reset_prints_a_working_link(monkeypatch, database_url, client, world):
    from tracker.cli import app as cli
    from tracker.config import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["users", "reset", POLTAVA])
        missing = CliRunner().invoke(cli, ["users", "reset", "nobody@example.org"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    path = "/reset/" + result.output.strip().rsplit("/reset/", 1)[1]
    assert set_password(client, path, NEW).status_code == 303
    assert missing.exit_code == 1


def test_sign_in_records_the_last_sign_in(client, world, session):
    assert _token(client, POLTAVA, PASSWORD) == 200
    user = session.get(User, world.users["poltava"])
    session.refresh(user)
    assert user.last_sign_in_at is not None
