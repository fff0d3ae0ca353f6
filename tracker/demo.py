"""The demo world, drawn from the seed articles.

Brovary and its partners Jena and Erlangen (hospital equipment worth 3.9 M UAH, a heater and a
generator, a bus for the Knyazhytsky Lyceum), Fontenay-sous-Bois and Rockford; the twelve
Swedish–Ukrainian pairs of ICLD's network (Kalmar–Poltava, Umeå–Kherson…); the associations
that broker partnerships. Everything goes through the services, so the quantities, the
events and the audit trail are exactly what real use would leave.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from tracker.allocations import service as allocations
from tracker.allocations.models import AllocationCreate
from tracker.auth import service as auth
from tracker.auth.models import User, UserCreate
from tracker.config import Settings
from tracker.db import make_engine
from tracker.orgs import service as orgs
from tracker.orgs.models import OrganizationCreate, PartnershipCreate
from tracker.pledges import service as pledges
from tracker.pledges.models import PledgeCreate
from tracker.receipts import service as receipts
from tracker.receipts.models import ReceiptCreate, ReceiptLineIn
from tracker.requests import service as requests
from tracker.requests.models import RequestCreate
from tracker.shipments import service as shipments
from tracker.shipments.models import EventCreate, ShipmentCreate
from tracker.vocab import OrgKind, Role

ADMIN_EMAIL = "admin@tracker.demo"

COMMUNITIES = [
    ("Brovary", "Бровари"),
    ("Poltava", "Полтава"),
    ("Kolomyia", "Коломия"),
    ("Berdychiv", "Бердичів"),
    ("Chortkiv", "Чортків"),
    ("Slavuta", "Славута"),
    ("Lutsk", "Луцьк"),
    ("Ternopil", "Тернопіль"),
    ("Kherson", "Херсон"),
    ("Shatsk", "Шацьк, Волинська область"),
    ("Kalush", "Калуш"),
    ("Beryslav", "Берислав"),
    ("Kopychyntsi", "Копичинці"),
]
PARTNERS = [
    ("Jena", "DE", "Jena"),
    ("Erlangen", "DE", "Erlangen"),
    ("Fontenay-sous-Bois", "FR", "Fontenay-sous-Bois"),
    ("Rockford", "US", "Rockford, Illinois"),
    ("Falu kommun", "SE", "Falun"),
    ("Region Gotland", "SE", "Visby"),
    ("Höörs kommun", "SE", "Höör"),
    ("Jönköpings kommun", "SE", "Jönköping"),
    ("Kalmar kommun", "SE", "Kalmar"),
    ("Karlskrona kommun", "SE", "Karlskrona"),
    ("Lidingö stad", "SE", "Lidingö"),
    ("Piteå kommun", "SE", "Piteå"),
    ("Ronneby kommun", "SE", "Ronneby"),
    ("Umeå kommun", "SE", "Umeå"),
    ("Västerås stad", "SE", "Västerås"),
    ("Växjö kommun", "SE", "Växjö"),
]
COORDINATORS = [
    ("Association of Ukrainian Cities", "UA", "Kyiv"),
    ("Association of Small Cities of Ukraine", "UA", "Kyiv"),
    ("ICLD", "SE", "Visby"),
]
PARTNERSHIPS = [
    ("Brovary", "Jena", date(2023, 3, 1), "MR-2024-0117"),
    ("Brovary", "Erlangen", date(2023, 3, 1), "MR-2024-0118"),
    ("Brovary", "Fontenay-sous-Bois", date(1993, 6, 1), None),
    ("Brovary", "Rockford", date(1995, 5, 1), None),
    ("Kolomyia", "Falu kommun", date(2024, 5, 1), None),
    ("Beryslav", "Region Gotland", date(2024, 5, 1), None),
    ("Kopychyntsi", "Höörs kommun", date(2024, 5, 1), None),
    ("Berdychiv", "Jönköpings kommun", date(2024, 5, 1), None),
    ("Poltava", "Kalmar kommun", date(2024, 5, 1), None),
    ("Chortkiv", "Karlskrona kommun", date(2024, 5, 1), None),
    ("Slavuta", "Lidingö stad", date(2024, 5, 1), None),
    ("Lutsk", "Piteå kommun", date(2024, 5, 1), None),
    ("Ternopil", "Ronneby kommun", date(2024, 5, 1), None),
    ("Kherson", "Umeå kommun", date(2024, 5, 1), None),
    ("Shatsk", "Västerås stad", date(2024, 5, 1), None),
    ("Kalush", "Växjö kommun", date(2024, 5, 1), None),
]
ACCOUNTS = [
    # e-mail, role, organization, name
    (ADMIN_EMAIL, Role.admin, None, "Tracker administrator"),
    (
        "coordinator@auc.demo",
        Role.coordinator,
        "Association of Ukrainian Cities",
        "Olena Marchenko",
    ),
    ("staff@brovary.demo", Role.community, "Brovary", "Ihor Kovalenko"),
    ("staff@poltava.demo", Role.community, "Poltava", "Natalia Hrytsenko"),
    ("partner@jena.demo", Role.partner, "Jena", "Matthias Berger"),
    ("partner@kalmar.demo", Role.partner, "Kalmar kommun", "Anna Lindqvist"),
]


@dataclass
class DemoResult:
    created: bool
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def load_demo(settings: Settings) -> DemoResult:
    engine = make_engine(settings.database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            if session.exec(select(User.id).where(User.email == ADMIN_EMAIL)).first():
                return DemoResult(created=False)
            return _build(session)
    finally:
        engine.dispose()


def _password() -> str:
    """TRACKER_DEMO_PASSWORD fixes every demo password (for scripted set-ups); else random."""
    return os.environ.get("TRACKER_DEMO_PASSWORD") or secrets.token_urlsafe(12)


def _build(session: Session) -> DemoResult:
    ids: dict[str, int] = {}

    def org(name: str, kind: OrgKind, country: str, place: str) -> None:
        existing = orgs.get_by_name(session, name)
        if existing is None:
            existing = orgs.create(
                session,
                OrganizationCreate(name=name, kind=kind, country=country, place=place),
                None,
            )
        ids[name] = existing.id  # type: ignore[assignment]

    for name, place in COMMUNITIES:
        org(name, OrgKind.community, "UA", place)
    for name, country, place in PARTNERS:
        org(name, OrgKind.partner, country, place)
    for name, country, place in COORDINATORS:
        org(name, OrgKind.coordinator, country, place)
    if not orgs.list_partnerships(session, None, None, 1, 0)[1]:
        for community, partner, since, ref in PARTNERSHIPS:
            orgs.create_partnership(
                session,
                PartnershipCreate(
                    community_id=ids[community],
                    partner_id=ids[partner],
                    since=since,
                    registration_ref=ref,
                ),
                None,
            )

    result = DemoResult(created=True)
    coordinator: User | None = None
    # The admin account comes last: its presence marks a complete demo world.
    for email, role, org_name, name in [*ACCOUNTS[1:], ACCOUNTS[0]]:
        if email == ADMIN_EMAIL:
            assert coordinator is not None
            _aid(session, ids, coordinator)
        user = auth.get_by_email(session, email)
        if user is None:
            password = _password()
            user = auth.create_user(
                session,
                UserCreate(
                    email=email,
                    password=password,
                    role=role,
                    organization_id=ids[org_name] if org_name else None,
                    full_name=name,
                ),
            )
            result.accounts.append((email, role.value, password))
        if role == Role.coordinator:
            coordinator = user
    order = [r.value for r in Role]
    result.accounts.sort(key=lambda account: order.index(account[1]))
    return result


def _aid(session: Session, ids: dict[str, int], coordinator: User) -> None:
    """Requests, pledges and shipments in every status, filed by the coordinator."""
    today = date.today()

    def request(
        community: str,
        category: str,
        item: str,
        quantity: int,
        unit: str,
        priority: str,
        days: int,
        destination: str,
        why: str,
    ) -> int:
        return requests.create(
            session,
            RequestCreate(
                community_id=ids[community],
                category=category,
                item=item,
                quantity=quantity,
                unit=unit,
                priority=priority,
                needed_by=today + timedelta(days=days),
                destination=destination,
                justification=why,
            ),
            coordinator,
        ).id  # type: ignore[return-value]

    def pledge(
        partner: str,
        category: str,
        item: str,
        quantity: int,
        unit: str,
        origin: str,
        value: str | None,
        currency: str | None,
        days: int = 0,
        request_id: int | None = None,
    ) -> int:
        return pledges.create(
            session,
            PledgeCreate(
                partner_id=ids[partner],
                category=category,
                item=item,
                quantity=quantity,
                unit=unit,
                origin=origin,
                available_from=today + timedelta(days=days),
                value_amount=Decimal(value) if value else None,
                currency=currency,
                request_id=request_id,
            ),
            coordinator,
        ).id  # type: ignore[return-value]

    def allocate(request_id: int, pledge_id: int, quantity: int) -> int:
        return allocations.create(
            session,
            AllocationCreate(request_id=request_id, pledge_id=pledge_id, quantity=quantity),
            coordinator,
        ).id  # type: ignore[return-value]

    def ship(
        allocation_ids: list[int], moves: list[tuple[str, str]], carrier: str, declaration: str = ""
    ) -> int:
        shipment = shipments.create(
            session,
            ShipmentCreate(
                allocation_ids=allocation_ids,
                carrier=carrier,
                vehicle="MAN TGX",
                declaration_code=declaration,
            ),
            coordinator,
        )
        for status, location in moves:
            shipments.post_event(
                session,
                shipment.id,
                EventCreate(
                    status=status,  # type: ignore[arg-type]
                    location=location,
                ),
                coordinator,
            )
        return shipment.id  # type: ignore[return-value]

    # Brovary: the hospital's equipment, a heater and a generator, the lyceum's bus.
    ultrasound = request(
        "Brovary",
        "medical_equipment",
        "Ультразвуковий сканер для лікарні",
        2,
        "pcs",
        "high",
        30,
        "Бровари",
        "Brovary hospital, diagnostics ward",
    )
    generator = request(
        "Brovary",
        "generator",
        "Генератор 100 кВт для водоканалу",
        3,
        "pcs",
        "critical",
        14,
        "Бровари",
        "Water pumping station during power cuts",
    )
    heater = request(
        "Brovary",
        "heating",
        "Обігрівач для модульного містечка",
        10,
        "pcs",
        "high",
        20,
        "Бровари",
        "Modular town for displaced people",
    )
    bus = request(
        "Brovary",
        "vehicle",
        "Шкільний автобус для Княжицького ліцею",
        1,
        "pcs",
        "normal",
        60,
        "Княжичі",
        "Transport for the Knyazhytsky Lyceum",
    )
    jena_gen = pledge(
        "Jena",
        "generator",
        "Stromgenerator 100 kVA",
        3,
        "pcs",
        "Jena",
        "37500.00",
        "EUR",
        request_id=generator,
    )
    erl_us = pledge(
        "Erlangen",
        "medical_equipment",
        "Ultraschallgerät",
        2,
        "pcs",
        "Erlangen",
        "3900000.00",
        "UAH",
    )
    jena_heat = pledge("Jena", "heating", "Heizlüfter 9 kW", 10, "pcs", "Jena", "4800.00", "EUR")
    jena_bus = pledge(
        "Jena",
        "vehicle",
        "Schulbus MAN Lion's City",
        1,
        "pcs",
        "Jena",
        "85000.00",
        "EUR",
        days=10,
        request_id=bus,
    )

    ship(
        [allocate(generator, jena_gen, 3)],
        [("dispatched", "Jena"), ("in_transit", "Krakovets"), ("at_customs", "Краковець")],
        "Jenaer Nahverkehr",
        "UA-HUM-2026-004211",
    )
    us_ship = ship(
        [allocate(ultrasound, erl_us, 2)],
        [("dispatched", "Erlangen"), ("in_transit", "Shehyni"), ("arrived", "Бровари")],
        "Engagement Global",
    )
    heat_ship = ship(
        [allocate(heater, jena_heat, 10)],
        [("dispatched", "Jena"), ("in_transit", "Rava-Ruska"), ("arrived", "Brovary")],
        "JenaUA e.V.",
    )
    detail = shipments.read(session, heat_ship, coordinator)
    receipts.file_receipt(
        session,
        heat_ship,
        ReceiptCreate(
            received_by="Ihor Kovalenko",
            received_role="Head of the social service",
            lines=[ReceiptLineIn(line_id=x.id, quantity_received=x.quantity) for x in detail.lines],
        ),
        coordinator,
    )
    allocate(bus, jena_bus, 1)
    del us_ship

    # Poltava and Kalmar; Kherson and Umeå; other Swedish pairs.
    poltava_gen = request(
        "Poltava",
        "generator",
        "Генератор 30 кВт для школи",
        4,
        "pcs",
        "critical",
        10,
        "Полтава",
        "School shelter",
    )
    kalmar_gen = pledge(
        "Kalmar kommun", "generator", "Elverk 30 kW", 4, "pcs", "Kalmar", "96000.00", "SEK"
    )
    ship([allocate(poltava_gen, kalmar_gen, 4)], [], "Kalmar Läns Trafik")  # planned
    kherson_cloth = request(
        "Kherson",
        "clothing",
        "Зимовий одяг",
        40,
        "box",
        "high",
        15,
        "Херсон",
        "Families returning to the right bank",
    )
    umea_cloth = pledge("Umeå kommun", "clothing", "Vinterkläder", 40, "box", "Umeå", None, None)
    ship([allocate(kherson_cloth, umea_cloth, 20)], [("dispatched", "Umeå")], "PostNord")
    ship(
        [allocate(kherson_cloth, umea_cloth, 10)],
        [("dispatched", "Umeå"), ("lost", "Херсон")],
        "PostNord",
    )
    ship([allocate(kherson_cloth, umea_cloth, 10)], [("cancelled", "")], "PostNord")
    lutsk_med = request(
        "Lutsk",
        "medical_supplies",
        "Перев'язувальні матеріали",
        50,
        "box",
        "high",
        7,
        "Луцьк",
        "Regional hospital",
    )
    pitea_med = pledge(
        "Piteå kommun",
        "medical_supplies",
        "Förbandsmaterial",
        50,
        "box",
        "Piteå",
        "45000.00",
        "SEK",
    )
    ship(
        [allocate(lutsk_med, pitea_med, 50)],
        [("dispatched", "Piteå"), ("returned", "Yahodyn")],
        "DB Schenker",
    )
    request(
        "Kopychyntsi",
        "water_sanitation",
        "Насосна станція",
        1,
        "set",
        "normal",
        45,
        "Копичинці",
        "Village water supply",
    )
    pledge(
        "Höörs kommun",
        "water_sanitation",
        "Pumpstation",
        1,
        "set",
        "Höör",
        "150000.00",
        "SEK",
        days=20,
    )
    request(
        "Kalush",
        "it_equipment",
        "Ноутбуки для ЦНАП",
        12,
        "pcs",
        "low",
        90,
        "Калуш",
        "Administrative services centre",
    )
    request(
        "Shatsk", "shelter", "Модульне укриття", 2, "pcs", "high", 25, "Шацьк", "School shelter"
    )
    pledge("Västerås stad", "education", "Skolmaterial", 30, "box", "Västerås", None, None)
    pledge(
        "Fontenay-sous-Bois",
        "food",
        "Conserves",
        2,
        "pallet",
        "Fontenay-sous-Bois",
        "3000.00",
        "EUR",
    )
    pledge(
        "Rockford",
        "generator",
        "Portable generator 7 kW",
        6,
        "pcs",
        "Rockford, Illinois",
        "9000.00",
        "USD",
    )
