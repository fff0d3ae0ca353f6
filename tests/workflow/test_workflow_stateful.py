"""Random sequences of allocate / ship / move / receive / cancel keep every quantity rule."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlmodel import Session, select

from tracker.allocations import service as allocations
from tracker.allocations.models import Allocation, AllocationCreate
from tracker.auth.models import User
from tracker.errors import Conflict, DomainError
from tracker.pledges import service as pledges
from tracker.pledges.models import Pledge, PledgeCreate
from tracker.receipts import service as receipts
from tracker.receipts.models import ReceiptCreate, ReceiptLine, ReceiptLineIn
from tracker.requests import service as requests
from tracker.requests.models import AidRequest, RequestCreate
from tracker.shipments import service as shipments
from tracker.shipments.models import EventCreate, Shipment, ShipmentCreate, ShipmentLine
from tracker.vocab import AllocationStatus, ShipmentStatus

MOVES = [s for s in ShipmentStatus if s != ShipmentStatus.delivered]


def test_quantity_rules_hold_under_random_workflows(engine, world):
    coordinator_id = world.users["coordinator"]
    brovary, jena = world.orgs["Brovary"], world.orgs["Jena"]

    class Workflow(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.session = Session(engine, expire_on_commit=False)
            self.actor = self.session.get(User, coordinator_id)
            self.session.commit()
            self.requests: list[int] = []
            self.pledges: list[int] = []
            self.shipments: list[int] = []

        def teardown(self) -> None:
            self.session.close()

        @rule(quantity=st.integers(1, 6))
        def file_request(self, quantity: int) -> None:
            data = RequestCreate(
                category="generator",
                item="Генератор",
                quantity=quantity,
                unit="pcs",
                destination="Brovary",
                community_id=brovary,
                latitude=50.51,
                longitude=30.79,
            )
            self.requests.append(requests.create(self.session, data, self.actor).id)

        @rule(quantity=st.integers(1, 6))
        def pledge(self, quantity: int) -> None:
            data = PledgeCreate(
                category="generator",
                item="Generator",
                quantity=quantity,
                unit="pcs",
                origin="Jena",
                partner_id=jena,
                latitude=50.93,
                longitude=11.59,
            )
            self.pledges.append(pledges.create(self.session, data, self.actor).id)

        @rule(r=st.integers(0, 50), p=st.integers(0, 50), quantity=st.integers(1, 4))
        def allocate(self, r: int, p: int, quantity: int) -> None:
            if not self.requests or not self.pledges:
                return
            data = AllocationCreate(
                request_id=self.requests[r % len(self.requests)],
                pledge_id=self.pledges[p % len(self.pledges)],
                quantity=quantity,
            )
            try:
                allocations.create(self.session, data, self.actor)
            except Conflict:
                pass

        @rule(pick=st.integers(0, 50))
        def remove_allocation(self, pick: int) -> None:
            ids = self.session.exec(select(Allocation.id).order_by(Allocation.id)).all()
            if ids:
                try:
                    allocations.delete(self.session, ids[pick % len(ids)], self.actor)
                except Conflict:
                    pass

        @rule(take=st.integers(1, 3))
        def ship(self, take: int) -> None:
            active = self.session.exec(
                select(Allocation.id)
                .where(Allocation.status == AllocationStatus.active)
                .order_by(Allocation.id)
            ).all()
            if active:
                data = ShipmentCreate(allocation_ids=list(active[:take]))
                self.shipments.append(shipments.create(self.session, data, self.actor).id)

        @rule(pick=st.integers(0, 50), to=st.sampled_from(MOVES))
        def move(self, pick: int, to: ShipmentStatus) -> None:
            if self.shipments:
                shipment_id = self.shipments[pick % len(self.shipments)]
                try:
                    shipments.post_event(
                        self.session,
                        shipment_id,
                        EventCreate(status=to, location="Lviv"),
                        self.actor,
                    )
                except Conflict:
                    pass

        @rule(
            pick=st.integers(0, 50),
            share=st.floats(0, 1),
            condition=st.sampled_from(["good", "damaged", "missing"]),
        )
        def receive(self, pick: int, share: float, condition: str) -> None:
            if not self.shipments:
                return
            shipment_id = self.shipments[pick % len(self.shipments)]
            lines = self.session.exec(
                select(ShipmentLine).where(ShipmentLine.shipment_id == shipment_id)
            ).all()
            data = ReceiptCreate(
                received_by="Ihor Kovalenko",
                lines=[
                    ReceiptLineIn(
                        line_id=x.id, quantity_received=int(x.quantity * share), condition=condition
                    )
                    for x in lines
                ],
            )
            try:
                receipts.file_receipt(self.session, shipment_id, data, self.actor)
            except Conflict:
                pass

        @rule(pick=st.integers(0, 50))
        def cancel_request(self, pick: int) -> None:
            if self.requests:
                try:
                    requests.cancel(
                        self.session,
                        self.requests[pick % len(self.requests)],
                        self.actor,
                        release=allocations.release_unshipped_for_request,
                    )
                except DomainError:
                    pass

        @rule(pick=st.integers(0, 50))
        def withdraw(self, pick: int) -> None:
            if self.pledges:
                try:
                    pledges.withdraw(
                        self.session, self.pledges[pick % len(self.pledges)], self.actor
                    )
                except DomainError:
                    pass

        @invariant()
        def quantities_hold(self) -> None:
            s = self.session
            s.expire_all()
            allocs = s.exec(select(Allocation)).all()
            shipment_of = {
                line.allocation_id: s.get(Shipment, line.shipment_id)
                for line in s.exec(select(ShipmentLine)).all()
            }
            received = [
                (line.request_id, rl.quantity_shipped, rl.quantity_received, rl.condition)
                for rl, line in s.exec(
                    select(ReceiptLine, ShipmentLine).join(
                        ShipmentLine, ShipmentLine.id == ReceiptLine.shipment_line_id
                    )
                ).all()
            ]
            for request in s.exec(select(AidRequest)).all():
                assert 0 <= request.quantity_delivered <= request.quantity_shipped
                assert request.quantity_shipped <= request.quantity_allocated <= request.quantity
                mine = [a for a in allocs if a.request_id == request.id]
                held = sum(
                    a.quantity
                    for a in mine
                    if a.status in (AllocationStatus.active, AllocationStatus.shipped)
                )
                delivered = sum(
                    a.quantity_delivered or 0
                    for a in mine
                    if a.status == AllocationStatus.delivered
                )
                assert request.quantity_allocated == held + delivered
                assert request.quantity_delivered == delivered
                on_the_road = sum(
                    a.quantity
                    for a in mine
                    if a.status == AllocationStatus.shipped
                    and shipment_of[a.id].status != ShipmentStatus.planned
                )
                assert request.quantity_shipped == on_the_road + delivered
                assert request.status == requests.derive_status(request)
                lines = [x for x in received if x[0] == request.id]
                assert request.quantity_damaged == sum(r for _, _, r, c in lines if c == "damaged")
                assert request.quantity_missing == sum(
                    q - r + (r if c == "missing" else 0) for _, q, r, c in lines
                )
            for pledge in s.exec(select(Pledge)).all():
                taken = sum(
                    a.quantity
                    for a in allocs
                    if a.pledge_id == pledge.id and a.status != AllocationStatus.released
                )
                assert pledge.quantity_allocated == taken
                assert pledge.quantity_allocated + pledge.quantity_withdrawn <= pledge.quantity
                assert pledge.status == pledges.derive_status(pledge)
            s.commit()

    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=12,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
