"""Derived quantities have one definition that Python and SQL agree on."""

from __future__ import annotations

from sqlmodel import select

from tracker.pledges.models import Pledge
from tracker.requests.models import AidRequest, RequestRead
from tracker.vocab import PledgeStatus


def test_a_pledge_available_and_promised_agree_in_python_and_sql(session, world):
    rows = [
        (10, 0, 0, PledgeStatus.offered),
        (10, 4, 0, PledgeStatus.offered),
        (10, 4, 6, PledgeStatus.allocated),
        (10, 0, 10, PledgeStatus.withdrawn),
        (10, 3, 2, PledgeStatus.withdrawn),  # withdrawn: nothing available whatever is left
    ]
    for quantity, allocated, withdrawn, status in rows:
        session.add(
            Pledge(
                partner_id=world.orgs["Jena"],
                category="medical_supplies",
                item="Bandages",
                quantity=quantity,
                unit="pcs",
                origin="Jena",
                status=status,
                quantity_allocated=allocated,
                quantity_withdrawn=withdrawn,
            )
        )
    session.commit()
    in_sql = session.exec(
        select(Pledge.id, Pledge.quantity_available, Pledge.quantity_promised).order_by(Pledge.id)
    ).all()
    in_python = [
        (p.id, p.quantity_available, p.quantity_promised)
        for p in session.exec(select(Pledge).order_by(Pledge.id)).all()
    ]
    assert [tuple(r) for r in in_sql] == in_python
    assert [r[1] for r in in_sql] == [10, 6, 0, 0, 0]
    assert [r[2] for r in in_sql] == [10, 10, 4, 0, 8]


def test_still_needed_agrees_in_python_sql_and_the_read_schema(session, world):
    for quantity, allocated in [(5, 0), (5, 2), (5, 5)]:
        session.add(
            AidRequest(
                community_id=world.orgs["Brovary"],
                category="medical_supplies",
                item="Bandages",
                quantity=quantity,
                unit="pcs",
                destination="Бровари",
                quantity_allocated=allocated,
            )
        )
    session.commit()
    in_sql = session.exec(select(AidRequest.quantity_needed).order_by(AidRequest.id)).all()
    models = session.exec(select(AidRequest).order_by(AidRequest.id)).all()
    assert list(in_sql) == [r.quantity_needed for r in models] == [5, 3, 0]
    read = RequestRead.model_construct(**models[1].model_dump())
    assert read.quantity_needed == 3
