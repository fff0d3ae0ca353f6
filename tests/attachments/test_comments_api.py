"""Comment threads on requests and shipments: participants hear of them through the outbox;
coordinators hide a comment without losing its text."""

from __future__ import annotations

from sqlmodel import select

from tracker.audit.models import AuditEntry
from tracker.auth.models import User
from tracker.notifications.models import Notification, OutboxMessage


def _recipients(session, comment_id: int) -> set[str]:  # type: ignore[no-untyped-def]
    session.rollback()  # a fresh snapshot: the API wrote since
    rows = session.exec(
        select(User.email)
        .join(Notification, Notification.user_id == User.id)
        .where(Notification.kind == "comment_added", Notification.link.endswith(f"-{comment_id}"))
    ).all()
    return set(rows)


def comment(flow, kind: str, parent_id: int, who: str, body: str, expect: int = 201):  # type: ignore[no-untyped-def]
    response = flow.client.post(
        f"/api/v1/{kind}/{parent_id}/comments", json={"body": body}, headers=flow.world.h(who)
    )
    assert response.status_code == expect, response.text
    return response.json()


def test_shipment_comment_notifies_community_and_sending_partners(flow, delivered, session):
    shipment = delivered["shipment"]
    german = flow.client.patch(
        "/api/v1/users/me", json={"language": "de"}, headers=flow.world.h("jena")
    )
    assert german.status_code == 200, german.text
    asked = comment(flow, "shipments", shipment["id"], "brovary", "Коли прибуде вантаж?")
    assert asked["author_name"] == "Brovary" and asked["organization_name"] == "Brovary"
    assert _recipients(session, asked["id"]) == {"ukraine-hilfe@jena.de"}
    mails = session.exec(
        select(OutboxMessage).where(OutboxMessage.recipient == "ukraine-hilfe@jena.de")
    ).all()
    assert [m.subject for m in mails if "kommentiert" in m.subject] == [
        f"Brovary (Brovary) hat {shipment['reference']} kommentiert"  # in the reader's language
    ]
    inbox = flow.get("/api/v1/notifications", who="jena")["items"]
    assert "Коли прибуде вантаж?" in inbox[0]["body"]
    answer = comment(flow, "shipments", shipment["id"], "coordinator", "Friday, via Krakowiec.")
    assert _recipients(session, answer["id"]) == {
        "ukraine-hilfe@jena.de",
        "hospital@brovary-rada.gov.ua",
    }
    # A coordinator who took part hears of the next comment; others do not.
    reply = comment(flow, "shipments", shipment["id"], "jena", "Danke!")
    assert _recipients(session, reply["id"]) == {"hospital@brovary-rada.gov.ua", "olena@auc.org.ua"}
    thread = flow.get(f"/api/v1/shipments/{shipment['id']}/comments", who="jena")
    assert [c["body"] for c in thread["items"]] == [
        "Коли прибуде вантаж?",
        "Friday, via Krakowiec.",
        "Danke!",
    ]


def test_request_comment_notifies_partners_involved(flow, delivered, session):
    request = delivered["request"]
    asked = comment(flow, "requests", request["id"], "kalmar", "Which voltage do you need?")
    assert _recipients(session, asked["id"]) == {
        "hospital@brovary-rada.gov.ua",
        "ukraine-hilfe@jena.de",  # its pledge is allocated to the request
    }


def test_comments_are_read_only_by_readers_of_the_parent(flow, delivered):
    shipment = delivered["shipment"]
    comment(flow, "shipments", shipment["id"], "poltava", "Hello", expect=404)
    assert (
        flow.client.get(
            f"/api/v1/shipments/{shipment['id']}/comments", headers=flow.world.h("kalmar")
        ).status_code
        == 404
    )
    comment(flow, "receipts", delivered["receipt"]["id"], "brovary", "No", expect=422)
    comment(flow, "shipments", shipment["id"], "brovary", "   ", expect=422)
    comment(flow, "shipments", shipment["id"], "brovary", "x" * 4001, expect=422)


def test_coordinator_hides_a_comment_and_the_text_is_kept(flow, delivered, session):
    shipment = delivered["shipment"]
    rude = comment(flow, "shipments", shipment["id"], "jena", "Spam http://example.invalid")
    refused = flow.client.post(
        f"/api/v1/comments/{rude['id']}/hide", headers=flow.world.h("brovary")
    )
    assert refused.status_code == 403
    hidden = flow.client.post(
        f"/api/v1/comments/{rude['id']}/hide", headers=flow.world.h("coordinator")
    )
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    seen = flow.get(f"/api/v1/shipments/{shipment['id']}/comments", who="brovary")["items"]
    assert seen[0]["hidden"] is True and seen[0]["body"] is None
    kept = flow.get(f"/api/v1/shipments/{shipment['id']}/comments", who="coordinator")["items"]
    assert kept[0]["body"] == "Spam http://example.invalid"
    audit = session.exec(
        select(AuditEntry).where(AuditEntry.entity == "comment", AuditEntry.action == "hide")
    ).one()
    assert audit.after["body"] == "Spam http://example.invalid"
