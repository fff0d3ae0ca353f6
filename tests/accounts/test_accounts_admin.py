"""The admin pages: who may see and do what (every page, action and role), and what they save."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.accounts.conftest import csrf
from tests.helpers import sign_in
from tracker.accounts.service import INVITED
from tracker.audit.models import AuditEntry
from tracker.auth.models import User
from tracker.orgs.models import Organization, Partnership

EMAILS = {
    "admin": "admin@tracker.example.org",
    "coordinator": "olena@auc.org.ua",
    "brovary": "hospital@brovary-rada.gov.ua",
    "jena": "ukraine-hilfe@jena.de",
}
PAGES = ["/admin/users", "/admin/organizations", "/admin/partnerships"]


def _post(client, page: str, action: str, data: dict):  # type: ignore[no-untyped-def]
    token = (
        csrf(client.get(page).text) if client.get(page).status_code == 200 else _any_csrf(client)
    )
    return client.post(action, data=data | {"csrf_token": token}, follow_redirects=False)


def _any_csrf(client) -> str:  # type: ignore[no-untyped-def]
    return csrf(client.get("/notifications/preferences").text)


@pytest.mark.parametrize("who", ["brovary", "jena"])
def test_staff_get_403_on_every_admin_page_and_action(client, world, who):
    sign_in(client, EMAILS[who])
    for page in PAGES:
        assert client.get(page).status_code == 403, page
    target = world.users["poltava"]
    actions = [
        (
            "/admin/users",
            {"email": "x@jena.de", "role": "partner", "organization_id": str(world.orgs["Jena"])},
        ),
        ("/admin/organizations", {"name": "Lund", "kind": "partner", "country": "SE"}),
        (
            "/admin/partnerships",
            {"community_id": str(world.orgs["Kherson"]), "partner_id": str(world.orgs["Jena"])},
        ),
    ] + [(f"/admin/users/{target}/{a}", {}) for a in ("disable", "enable", "resend", "revoke")]
    for action, data in actions:
        assert _post(client, "/admin/users", action, data).status_code == 403, action


def test_strangers_are_sent_to_sign_in(client, world):
    for page in PAGES:
        response = client.get(page, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_coordinator_manages_staff_and_their_organizations_only(client, world, session):
    sign_in(client, EMAILS["coordinator"])
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    listing = client.get("/admin/users").text
    assert "hospital@brovary-rada.gov.ua" in listing and "admin@tracker.example.org" not in listing
    admin_id = world.users["admin"]
    for action in ("disable", "enable", "resend", "revoke"):
        assert (
            _post(client, "/admin/users", f"/admin/users/{admin_id}/{action}", {}).status_code
            == 403
        )
    boss = {"email": "boss@auc.org.ua", "role": "admin"}
    assert _post(client, "/admin/users", "/admin/users", boss).status_code == 403
    coord_org = {"name": "Another union", "kind": "coordinator", "country": "UA"}
    assert (
        _post(client, "/admin/organizations", "/admin/organizations", coord_org).status_code == 403
    )
    # Staff: disable ends their sessions, enable lets them in again; both audited.
    brovary = world.users["brovary"]
    assert _post(client, "/admin/users", f"/admin/users/{brovary}/disable", {}).status_code == 303
    assert client.get("/api/v1/auth/me", headers=world.h("brovary")).status_code == 401
    assert _post(client, "/admin/users", f"/admin/users/{brovary}/enable", {}).status_code == 303
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity_id == brovary)).all()
    assert {"disable", "enable"} <= set(actions)


def test_admin_creates_an_organization_with_legal_details(client, world, session):
    sign_in(client, EMAILS["admin"])
    bad = _post(
        client,
        "/admin/organizations",
        "/admin/organizations",
        {"name": "Лубни", "kind": "community", "country": "UA", "registration_number": "1234"},
    )
    assert bad.status_code == 422
    assert 'value="Лубни"' in bad.text and "ЄДРПОУ" in bad.text
    good = _post(
        client,
        "/admin/organizations",
        "/admin/organizations",
        {
            "name": "Лубенська міська рада",
            "kind": "community",
            "country": "UA",
            "place": "Лубни",
            "registration_number": "04057287",
            "address": "вул. Шевченка, 2",
            "languages": "uk,en",
            "contact_email": "rada@lubny.gov.ua",
        },
    )
    assert good.status_code == 303, good.text
    org = session.exec(
        select(Organization).where(Organization.name == "Лубенська міська рада")
    ).one()
    assert (org.registration_number, org.contact_email, org.languages) == (
        "04057287",
        "rada@lubny.gov.ua",
        "uk,en",
    )
    assert "Лубенська міська рада" in client.get("/admin/organizations?q=Лубен").text
    assert session.exec(
        select(AuditEntry).where(
            AuditEntry.entity == "organization", AuditEntry.entity_id == org.id
        )
    ).first()


def test_admin_registers_a_partnership_and_invites_a_user(client, world, session):
    sign_in(client, EMAILS["admin"])
    made = _post(
        client,
        "/admin/partnerships",
        "/admin/partnerships",
        {
            "community_id": str(world.orgs["Kherson"]),
            "partner_id": str(world.orgs["Kalmar kommun"]),
            "since": "2024-05-01",
            "registration_ref": "МінРозвитку 17/2024",
            "registration_date": "2024-06-03",
        },
    )
    assert made.status_code == 303, made.text
    row = session.exec(
        select(Partnership).where(Partnership.community_id == world.orgs["Kherson"])
    ).one()
    assert (
        row.registration_ref == "МінРозвитку 17/2024" and str(row.registration_date) == "2024-06-03"
    )
    again = _post(
        client,
        "/admin/partnerships",
        "/admin/partnerships",
        {
            "community_id": str(world.orgs["Kherson"]),
            "partner_id": str(world.orgs["Kalmar kommun"]),
        },
    )
    assert again.status_code == 409
    invited = _post(
        client,
        "/admin/users",
        "/admin/users",
        {
            "email": "eva@kalmar.se",
            "role": "partner",
            "organization_id": str(world.orgs["Kalmar kommun"]),
            "language": "sv",
        },
    )
    assert invited.status_code == 303
    session.commit()  # end the test's read snapshot
    user = session.exec(select(User).where(User.email == "eva@kalmar.se")).one()
    assert user.password_hash == INVITED and not user.is_active and user.language == "sv"
    assert "eva@kalmar.se" in client.get("/admin/users?status=invited").text
    assert "eva@kalmar.se" not in client.get("/admin/users?status=active").text
