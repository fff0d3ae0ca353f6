"""Workflow benchmark: the API at production size, on SQLite and on PostgreSQL.

Run: `.venv/bin/python benchmarks/workflow_bench.py [--scale 1.0] [--backends sqlite,postgresql]
[--seconds 10]` (`--scale 0.05` for a quick run). Writes benchmarks/results/workflow.json and
prints a summary.

For each backend: a fresh database (a SQLite file in a temp dir; a PostgreSQL database
`tracker_bench_<random>` created for the run and dropped at the end, also on failure) is
migrated with `tracker.migrate.upgrade`, then filled by SQLAlchemy Core `insert()` executemany
with 100,000 requests, 100,000 pledges, their allocations and 50,000 shipments (lines, events,
receipts for the delivered ones) whose counters and statuses respect the contract's
invariants. PostgreSQL is then vacuumed and analysed. The real app is served by uvicorn
(`tracker.app:create_app`, one worker, 127.0.0.1) in a separate process and measured with
httpx as a coordinator: latency of the request list, the shipment detail and allocation
creation, and the throughput of the request list against `/healthz` from the same server.

PostgreSQL: `--postgres-url` or TRACKER_TEST_POSTGRES_URL (default: the local server, user
postgres, who must be allowed to create databases). When no server answers, it is skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import itertools
import json
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from tracker.auth.security import hash_password
from tracker.auth.sessions import issue_api_token
from tracker.migrate import upgrade
from tracker.models import metadata
from tracker.vocab import Category, ShipmentStatus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results" / "workflow.json"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = "workflow-bench-secret-key-" + "x" * 32

FULL_REQUESTS = 100_000
FULL_PLEDGES = 100_000
FULL_SHIPMENTS = 50_000
CHUNK = 5_000
WARMUP = 20
LIST_N = 200
SHIPMENT_N = 300
ALLOCATE_N = 200
CONCURRENCY = 4
LIST_P95_TARGET_MS = 50.0
RATIO_TARGET = 0.25
LIST_PATH = "/api/v1/requests?status=open&category=generator&limit=50&offset={offset}"
LIST_OFFSETS = [0, 50, 100, 150, 200, 250]
TABLE_ORDER = [
    "organization",
    "user_account",
    "aid_request",
    "pledge",
    "allocation",
    "shipment",
    "shipment_line",
    "shipment_event",
    "receipt",
    "receipt_line",
]

# Ukrainian communities: name, oblast, latitude, longitude.
COMMUNITIES = [
    ("Brovary", "Kyiv Oblast", 50.5110, 30.7909),
    ("Poltava", "Poltava Oblast", 49.5883, 34.5514),
    ("Kherson", "Kherson Oblast", 46.6354, 32.6169),
    ("Kharkiv", "Kharkiv Oblast", 49.9935, 36.2304),
    ("Lviv", "Lviv Oblast", 49.8397, 24.0297),
    ("Odesa", "Odesa Oblast", 46.4825, 30.7233),
    ("Dnipro", "Dnipropetrovsk Oblast", 48.4647, 35.0462),
    ("Zaporizhzhia", "Zaporizhzhia Oblast", 47.8388, 35.1396),
    ("Mykolaiv", "Mykolaiv Oblast", 46.9750, 31.9946),
    ("Chernihiv", "Chernihiv Oblast", 51.4982, 31.2893),
    ("Sumy", "Sumy Oblast", 50.9077, 34.7981),
    ("Irpin", "Kyiv Oblast", 50.5218, 30.2506),
    ("Bucha", "Kyiv Oblast", 50.5439, 30.2124),
    ("Bila Tserkva", "Kyiv Oblast", 49.7968, 30.1311),
    ("Zhytomyr", "Zhytomyr Oblast", 50.2547, 28.6587),
    ("Vinnytsia", "Vinnytsia Oblast", 49.2331, 28.4682),
    ("Khmelnytskyi", "Khmelnytskyi Oblast", 49.4229, 26.9871),
    ("Ternopil", "Ternopil Oblast", 49.5535, 25.5948),
    ("Lutsk", "Volyn Oblast", 50.7472, 25.3254),
    ("Rivne", "Rivne Oblast", 50.6199, 26.2516),
    ("Ivano-Frankivsk", "Ivano-Frankivsk Oblast", 48.9226, 24.7111),
    ("Uzhhorod", "Zakarpattia Oblast", 48.6208, 22.2879),
    ("Chernivtsi", "Chernivtsi Oblast", 48.2921, 25.9358),
    ("Kropyvnytskyi", "Kirovohrad Oblast", 48.5079, 32.2623),
    ("Cherkasy", "Cherkasy Oblast", 49.4444, 32.0598),
    ("Kremenchuk", "Poltava Oblast", 49.0659, 33.4100),
    ("Kryvyi Rih", "Dnipropetrovsk Oblast", 47.9105, 33.3918),
    ("Kramatorsk", "Donetsk Oblast", 48.7389, 37.5848),
    ("Sloviansk", "Donetsk Oblast", 48.8521, 37.6048),
    ("Izium", "Kharkiv Oblast", 49.2096, 37.2566),
    ("Beryslav", "Kherson Oblast", 46.8387, 33.4256),
    ("Kolomyia", "Ivano-Frankivsk Oblast", 48.5313, 25.0403),
    ("Berdychiv", "Zhytomyr Oblast", 49.8993, 28.6025),
    ("Chortkiv", "Ternopil Oblast", 49.0168, 25.7983),
    ("Kopychyntsi", "Ternopil Oblast", 49.1000, 25.9167),
    ("Slavuta", "Khmelnytskyi Oblast", 50.3008, 26.8681),
    ("Kalush", "Ivano-Frankivsk Oblast", 49.0430, 24.3602),
    ("Kamianets-Podilskyi", "Khmelnytskyi Oblast", 48.6845, 26.5856),
    ("Shatsk", "Volyn Oblast", 51.4907, 23.9361),
    ("Okhtyrka", "Sumy Oblast", 50.3104, 34.8988),
]
# Partner cities abroad: name, ISO country, region, latitude, longitude.
PARTNERS = [
    ("Jena", "DE", "Thuringia", 50.9272, 11.5892),
    ("Erlangen", "DE", "Bavaria", 49.5897, 11.0120),
    ("Leipzig", "DE", "Saxony", 51.3397, 12.3731),
    ("Dresden", "DE", "Saxony", 51.0504, 13.7373),
    ("Frankfurt (Oder)", "DE", "Brandenburg", 52.3471, 14.5506),
    ("Kalmar kommun", "SE", "Kalmar", 56.6634, 16.3568),
    ("Umeå kommun", "SE", "Västerbotten", 63.8258, 20.2630),
    ("Falu kommun", "SE", "Dalarna", 60.6065, 15.6355),
    ("Region Gotland", "SE", "Gotland", 57.6348, 18.2948),
    ("Jönköpings kommun", "SE", "Jönköping", 57.7826, 14.1618),
    ("Karlskrona kommun", "SE", "Blekinge", 56.1612, 15.5869),
    ("Lidingö stad", "SE", "Stockholm", 59.3667, 18.1333),
    ("Piteå kommun", "SE", "Norrbotten", 65.3172, 21.4794),
    ("Ronneby kommun", "SE", "Blekinge", 56.2094, 15.2760),
    ("Västerås stad", "SE", "Västmanland", 59.6099, 16.5448),
    ("Växjö kommun", "SE", "Kronoberg", 56.8777, 14.8091),
    ("Höör kommun", "SE", "Skåne", 55.9376, 13.5421),
    ("Fontenay-sous-Bois", "FR", "Île-de-France", 48.8510, 2.4770),
    ("Warszawa", "PL", "Masovia", 52.2297, 21.0122),
    ("Kraków", "PL", "Lesser Poland", 50.0647, 19.9450),
    ("Rzeszów", "PL", "Subcarpathia", 50.0412, 21.9991),
    ("Lublin", "PL", "Lublin", 51.2465, 22.5684),
    ("Gniezno", "PL", "Greater Poland", 52.5348, 17.5826),
    ("Grodzisk Mazowiecki", "PL", "Masovia", 52.1092, 20.6311),
    ("Wrocław", "PL", "Lower Silesia", 51.1079, 17.0385),
    ("Gdańsk", "PL", "Pomerania", 54.3520, 18.6466),
    ("Vilnius", "LT", "Vilnius", 54.6872, 25.2797),
    ("Kaunas", "LT", "Kaunas", 54.8985, 23.9036),
    ("Riga", "LV", "Riga", 56.9496, 24.1052),
    ("Tallinn", "EE", "Harju", 59.4370, 24.7536),
    ("Sillamäe", "EE", "Ida-Viru", 59.3997, 27.7635),
    ("Tartu", "EE", "Tartu", 58.3780, 26.7290),
    ("Helsinki", "FI", "Uusimaa", 60.1699, 24.9384),
    ("Vantaa", "FI", "Uusimaa", 60.2934, 25.0378),
    ("Bratislava", "SK", "Bratislava", 48.1486, 17.1077),
    ("Košice", "SK", "Košice", 48.7164, 21.2611),
    ("Brno", "CZ", "South Moravia", 49.1951, 16.6068),
    ("Praha", "CZ", "Prague", 50.0755, 14.4378),
    ("Wien", "AT", "Vienna", 48.2082, 16.3738),
    ("Santa Marinella", "IT", "Lazio", 42.0343, 11.8530),
]
CURRENCY = {"SE": "SEK", "PL": "PLN", "CZ": "CZK"}
# Where trucks are seen on the way: name, latitude, longitude.
TRANSIT = [
    ("Rzeszów", 50.0412, 21.9991),
    ("Lublin", 51.2465, 22.5684),
    ("Lviv", 49.8397, 24.0297),
    ("Rivne", 50.6199, 26.2516),
    ("Zhytomyr", 50.2547, 28.6587),
    ("Kyiv", 50.4501, 30.5234),
    ("Vinnytsia", 49.2331, 28.4682),
    ("Uman", 48.7484, 30.2218),
]
CUSTOMS = [
    ("Medyka", 49.8019, 22.9339),
    ("Shehyni", 49.7964, 23.0011),
    ("Dorohusk", 51.1872, 23.8020),
    ("Yahodyn", 51.1899, 23.8155),
    ("Krakovets", 49.9606, 23.1440),
    ("Rava-Ruska", 50.2367, 23.6224),
    ("Porubne", 48.0356, 26.0583),
]
UNITS: dict[str, list[str]] = {
    "generator": ["pcs"],
    "heating": ["pcs", "set"],
    "medical_equipment": ["pcs", "set"],
    "medical_supplies": ["box", "pallet"],
    "vehicle": ["pcs"],
    "shelter": ["pcs", "set"],
    "water_sanitation": ["pcs", "l"],
    "food": ["kg", "pallet", "t"],
    "clothing": ["box", "pcs"],
    "education": ["set", "box"],
    "it_equipment": ["pcs"],
    "other": ["pcs", "box"],
}
ITEMS: dict[str, list[str]] = {
    "generator": ["Diesel generator 100 kVA", "Petrol generator 7 kW", "Inverter generator 3 kW"],
    "heating": ["Wood-burning stove", "Electric heater", "Boiler 50 kW"],
    "medical_equipment": ["Ultrasound scanner", "Patient monitor", "Defibrillator", "X-ray unit"],
    "medical_supplies": ["Surgical gloves", "Bandages", "Insulin", "IV sets"],
    "vehicle": ["School bus", "Ambulance", "Fire engine", "Pick-up truck"],
    "shelter": ["Modular house", "Winter tent", "Camp beds"],
    "water_sanitation": ["Water pump", "Drinking water", "Water purification unit"],
    "food": ["Flour", "Canned meat", "Baby food", "Rice"],
    "clothing": ["Winter jackets", "Children's boots", "Blankets"],
    "education": ["School laptops kit", "Textbooks", "Classroom furniture"],
    "it_equipment": ["Laptop", "Starlink terminal", "Server", "Router"],
    "other": ["Power banks", "Hygiene kits", "Tools"],
}
QUANTITY_RANGE = {
    "pcs": (1, 40),
    "set": (1, 20),
    "box": (5, 200),
    "pallet": (1, 30),
    "kg": (50, 5000),
    "t": (1, 20),
    "l": (100, 10000),
}
UNIT_PRICE = {"pcs": 900, "set": 1500, "box": 60, "pallet": 700, "kg": 2, "t": 1500, "l": 1}
PLACES = ["City hospital", "Water pumping station", "School No. 3", "Lyceum", "Fire station"]
CARRIERS = ["Nova Poshta", "Raben Logistics", "DHL Freight", "Meest", "Volunteer convoy"]
# Final status: weight. Every status of the contract appears.
SHIPMENT_WEIGHTS = {
    ShipmentStatus.planned: 10,
    ShipmentStatus.dispatched: 8,
    ShipmentStatus.in_transit: 16,
    ShipmentStatus.at_customs: 7,
    ShipmentStatus.arrived: 9,
    ShipmentStatus.delivered: 34,
    ShipmentStatus.cancelled: 6,
    ShipmentStatus.lost: 3,
    ShipmentStatus.returned: 7,
}
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _scrambled(n: int, width: int) -> str:
    """A distinct code of `width` letters for each n below 31**width (a bijection)."""
    size = len(CODE_ALPHABET) ** width
    value = (n * 2_654_435_761 + 97) % size
    out = []
    for _ in range(width):
        value, digit = divmod(value, len(CODE_ALPHABET))
        out.append(CODE_ALPHABET[digit])
    return "".join(out)


@dataclass
class Dataset:
    rows: dict[str, list[dict[str, Any]]]
    coordinator_id: int
    shipment_ids: list[int]
    allocation_pairs: list[tuple[int, int]]
    statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    generate_s: float = 0.0


class Generator:
    """Builds every row in memory, keeping the quantity counters as the services would."""

    def __init__(self, scale: float, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n_requests = max(200, round(FULL_REQUESTS * scale))
        self.n_pledges = max(200, round(FULL_PLEDGES * scale))
        self.n_shipments = max(50, round(FULL_SHIPMENTS * scale))
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLE_ORDER}
        self.received: dict[int, int] = {}

    def _time(self, days_ago_min: float, days_ago_max: float) -> dt.datetime:
        return self.now - dt.timedelta(days=self.rng.uniform(days_ago_min, days_ago_max))

    def _after(self, start: dt.datetime, hours_min: float, hours_max: float) -> dt.datetime:
        moment = start + dt.timedelta(hours=self.rng.uniform(hours_min, hours_max))
        return min(moment, self.now - dt.timedelta(minutes=5))

    def _unit(self, category: str) -> str:
        units = UNITS[category]
        weights = [3] + [1] * (len(units) - 1)
        return self.rng.choices(units, weights)[0]

    def _quantity(self, unit: str) -> int:
        low, high = QUANTITY_RANGE[unit]
        return self.rng.randint(low, high)

    def build(self) -> Dataset:
        started = time.perf_counter()
        self._organizations()
        self._coordinator()
        self._requests()
        self._pledges()
        self._allocate()
        self._ship()
        self._finish_counters()
        dataset = Dataset(
            rows=self.rows,
            coordinator_id=1,
            shipment_ids=[s["id"] for s in self.rows["shipment"]],
            allocation_pairs=self._free_pairs(),
            statuses=self._status_counts(),
        )
        dataset.generate_s = round(time.perf_counter() - started, 2)
        return dataset

    def _organizations(self) -> None:
        created = self.now - dt.timedelta(days=800)
        orgs = self.rows["organization"]
        for name, admin1, lat, lon in COMMUNITIES:
            orgs.append(
                self._org(len(orgs) + 1, name, "community", "UA", admin1, lat, lon, created)
            )
        for name, country, admin1, lat, lon in PARTNERS:
            orgs.append(
                self._org(len(orgs) + 1, name, "partner", country, admin1, lat, lon, created)
            )
        self.coordinator_org = len(orgs) + 1
        orgs.append(
            self._org(
                self.coordinator_org,
                "Association of Ukrainian Cities",
                "coordinator",
                "UA",
                "Kyiv",
                50.4501,
                30.5234,
                created,
            )
        )
        self.community_ids = list(range(1, len(COMMUNITIES) + 1))
        self.partner_ids = list(range(len(COMMUNITIES) + 1, len(COMMUNITIES) + len(PARTNERS) + 1))
        self.org = {o["id"]: o for o in orgs}

    @staticmethod
    def _org(
        org_id: int,
        name: str,
        kind: str,
        country: str,
        admin1: str,
        lat: float,
        lon: float,
        created: dt.datetime,
    ) -> dict[str, Any]:
        return {
            "id": org_id,
            "name": name,
            "kind": kind,
            "country": country,
            "place": name,
            "latitude": lat,
            "longitude": lon,
            "admin1": admin1,
            "created_at": created,
        }

    def _coordinator(self) -> None:
        self.rows["user_account"].append(
            {
                "id": 1,
                "email": "coordinator@workflow-bench.example.org",
                "full_name": "Bench Coordinator",
                "password_hash": hash_password(secrets.token_urlsafe(16)),
                "role": "coordinator",
                "organization_id": self.coordinator_org,
                "is_active": True,
                "created_at": self.now - dt.timedelta(days=800),
            }
        )

    def _requests(self) -> None:
        rng = self.rng
        categories = [c.value for c in Category]
        times = sorted(self._time(20, 720) for _ in range(self.n_requests))
        self.req: list[dict[str, Any]] = self.rows["aid_request"]
        for i, created in enumerate(times, start=1):
            community = self.org[rng.choice(self.community_ids)]
            category = rng.choice(categories)
            unit = self._unit(category)
            needed_by = (created + dt.timedelta(days=rng.randint(14, 180))).date()
            self.req.append(
                {
                    "id": i,
                    "community_id": community["id"],
                    "category": category,
                    "item": rng.choice(ITEMS[category]),
                    "quantity": self._quantity(unit),
                    "unit": unit,
                    "priority": rng.choices(["critical", "high", "normal", "low"], [1, 3, 8, 2])[0],
                    "needed_by": needed_by if rng.random() < 0.7 else None,
                    "destination": f"{rng.choice(PLACES)}, {community['name']}",
                    "latitude": community["latitude"] + rng.uniform(-0.05, 0.05),
                    "longitude": community["longitude"] + rng.uniform(-0.05, 0.05),
                    "admin1": community["admin1"],
                    "justification": "Generated by the workflow benchmark.",
                    "status": "open",
                    "quantity_allocated": 0,
                    "quantity_shipped": 0,
                    "quantity_delivered": 0,
                    "created_by_id": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )

    def _pledges(self) -> None:
        rng = self.rng
        categories = [c.value for c in Category]
        times = sorted(self._time(20, 720) for _ in range(self.n_pledges))
        self.pledge: list[dict[str, Any]] = self.rows["pledge"]
        for i, created in enumerate(times, start=1):
            partner = self.org[rng.choice(self.partner_ids)]
            category = rng.choice(categories)
            unit = self._unit(category)
            quantity = self._quantity(unit)
            valued = rng.random() < 0.6
            value = Decimal(quantity * UNIT_PRICE[unit] * rng.uniform(0.5, 1.5)).quantize(
                Decimal("0.01")
            )
            self.pledge.append(
                {
                    "id": i,
                    "partner_id": partner["id"],
                    "request_id": None,
                    "category": category,
                    "item": rng.choice(ITEMS[category]),
                    "quantity": quantity,
                    "unit": unit,
                    "origin": partner["name"],
                    "latitude": partner["latitude"],
                    "longitude": partner["longitude"],
                    "admin1": partner["admin1"],
                    "available_from": (created + dt.timedelta(days=rng.randint(0, 30))).date(),
                    "value_amount": value if valued else None,
                    "currency": CURRENCY.get(partner["country"], "EUR") if valued else None,
                    "status": "offered",
                    "quantity_allocated": 0,
                    "quantity_withdrawn": 0,
                    "created_by_id": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )

    def _allocate(self) -> None:
        """Per (category, unit): fill requests from pledges taken in turn, in pieces."""
        rng = self.rng
        buckets: dict[tuple[str, str], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for r in self.req:
            buckets[(r["category"], r["unit"])][0].append(r["id"])
        for p in self.pledge:
            buckets[(p["category"], p["unit"])][1].append(p["id"])
        self.cancelled: set[int] = set()
        # Capacity used while planning; the counted quantities are settled in _ship.
        planned_free = {p["id"]: p["quantity"] for p in self.pledge}
        allocations = self.rows["allocation"]
        for key in sorted(buckets):
            request_ids, pledge_ids = buckets[key]
            rng.shuffle(request_ids)
            rng.shuffle(pledge_ids)
            cursor = 0
            for rid in request_ids:
                request = self.req[rid - 1]
                fate = rng.random()
                if fate < 0.04:
                    self.cancelled.add(rid)
                    continue
                if fate < 0.34:
                    continue
                quantity = request["quantity"]
                need = quantity if fate >= 0.58 or quantity == 1 else rng.randint(1, quantity - 1)
                while need > 0 and cursor < len(pledge_ids):
                    pid = pledge_ids[cursor]
                    free = planned_free[pid]
                    take = min(need, free)
                    if take > 1 and rng.random() < 0.1:
                        take = rng.randint(1, take - 1)
                    pledge = self.pledge[pid - 1]
                    start = max(request["created_at"], pledge["created_at"])
                    allocations.append(
                        {
                            "id": len(allocations) + 1,
                            "request_id": rid,
                            "pledge_id": pid,
                            "quantity": take,
                            "status": "active",
                            "quantity_delivered": None,
                            "created_by_id": 1,
                            "created_at": self._after(start, 2, 240),
                            "updated_at": None,
                        }
                    )
                    need -= take
                    planned_free[pid] = free - take
                    if planned_free[pid] == 0:
                        cursor += 1

    def _ship(self) -> None:
        """Group allocations per community into shipments of 1-3 lines, then play each out."""
        rng = self.rng
        by_community: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for allocation in self.rows["allocation"]:
            community = self.req[allocation["request_id"] - 1]["community_id"]
            by_community[community].append(allocation)
        groups: list[list[dict[str, Any]]] = []
        for community in sorted(by_community):
            pending = by_community[community]
            rng.shuffle(pending)
            while pending:
                size = rng.choice([1, 2, 2, 3])
                groups.append(pending[:size])
                pending = pending[size:]
        rng.shuffle(groups)
        groups = groups[: self.n_shipments]
        statuses = list(SHIPMENT_WEIGHTS)
        weights = list(SHIPMENT_WEIGHTS.values())
        ordered = sorted(
            ((max(a["created_at"] for a in g), g) for g in groups), key=lambda item: item[0]
        )
        for ship_id, (ready, group) in enumerate(ordered, start=1):
            self._shipment(ship_id, ready, group, rng.choices(statuses, weights)[0])

    def _path(self, final: ShipmentStatus) -> list[ShipmentStatus]:
        """Statuses after `planned`, valid in the state machine, ending at `final`."""
        s = ShipmentStatus
        rng = self.rng
        if final == s.planned:
            return []
        if final == s.cancelled:
            return [s.cancelled]
        if final == s.dispatched:
            return [s.dispatched]
        # At most 5 events in all: planned, dispatched, up to 3 more.
        path = [s.dispatched]
        middle = rng.randint(1, 3) if final == s.in_transit else rng.randint(0, 2)
        for _ in range(middle):
            if path[-1] == s.at_customs or rng.random() < 0.7:
                path.append(s.in_transit)
            else:
                path.append(s.at_customs)
        if final == s.in_transit:
            path[-1] = s.in_transit
            return path
        if final == s.at_customs and path[-1] == s.at_customs:
            path[-1] = s.in_transit
        if final == s.delivered and len(path) < 3 and rng.random() < 0.5:
            path.append(s.arrived)
        path.append(final)
        return path

    def _shipment(
        self,
        ship_id: int,
        ready: dt.datetime,
        group: list[dict[str, Any]],
        final: ShipmentStatus,
    ) -> None:
        rng = self.rng
        s = ShipmentStatus
        first = self.req[group[0]["request_id"] - 1]
        origin = self.org[self.pledge[group[0]["pledge_id"] - 1]["partner_id"]]
        created = self._after(ready, 6, 96)
        shipment: dict[str, Any] = {
            "id": ship_id,
            "reference": f"SHP-{created.year}-{_scrambled(ship_id, 6)}",
            "community_id": first["community_id"],
            "destination": first["destination"],
            "destination_latitude": first["latitude"],
            "destination_longitude": first["longitude"],
            "status": final.value,
            "carrier": rng.choice(CARRIERS),
            "vehicle": f"AA {rng.randint(1000, 9999)} {rng.choice(CODE_ALPHABET)}X",
            "declaration_code": f"UA{rng.randint(10**9, 10**10 - 1)}" if final != s.planned else "",
            "last_location": "",
            "last_latitude": None,
            "last_longitude": None,
            "last_event_at": created,
            "dispatched_at": None,
            "delivered_at": None,
            "created_by_id": 1,
            "created_at": created,
            "updated_at": created,
        }
        self.rows["shipment"].append(shipment)
        lines = self._lines(ship_id, group)
        events = self.rows["shipment_event"]
        events.append(
            self._event(ship_id, None, s.planned, "", None, None, "Shipment planned", created)
        )
        previous, moment = s.planned, created
        for status in self._path(final):
            moment = self._after(moment, 2, 72)
            if status == s.dispatched:
                place = (origin["name"], origin["latitude"], origin["longitude"])
                shipment["dispatched_at"] = moment
            elif status == s.in_transit:
                place = rng.choice(TRANSIT)
            elif status == s.at_customs:
                place = rng.choice(CUSTOMS)
            elif status in (s.arrived, s.delivered):
                place = (first["destination"], first["latitude"], first["longitude"])
            elif status == s.returned:
                place = (origin["name"], origin["latitude"], origin["longitude"])
            else:
                place = ("", None, None)
            note = ""
            if status == s.delivered:
                code = self._receipt(ship_id, lines, moment)
                note = f"Receipt {code} signed by Head of the receiving institution"
                shipment["delivered_at"] = moment
            events.append(self._event(ship_id, previous, status, *place, note, moment))
            if place[0]:
                shipment["last_location"] = place[0]
            if place[1] is not None:
                shipment["last_latitude"], shipment["last_longitude"] = place[1], place[2]
            previous = status
        shipment["last_event_at"] = shipment["updated_at"] = moment
        self._settle(lines, final, moment)

    def _lines(self, ship_id: int, group: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for allocation in sorted(group, key=lambda a: a["id"]):
            pledge = self.pledge[allocation["pledge_id"] - 1]
            value = None
            if pledge["value_amount"] is not None:
                value = (
                    pledge["value_amount"] * allocation["quantity"] / pledge["quantity"]
                ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            line = {
                "id": len(self.rows["shipment_line"]) + 1,
                "shipment_id": ship_id,
                "allocation_id": allocation["id"],
                "request_id": allocation["request_id"],
                "pledge_id": pledge["id"],
                "partner_id": pledge["partner_id"],
                "item": pledge["item"],
                "category": pledge["category"],
                "quantity": allocation["quantity"],
                "unit": pledge["unit"],
                "value_amount": value,
                "currency": pledge["currency"],
            }
            self.rows["shipment_line"].append(line)
            allocation["status"] = "shipped"
            out.append(line)
        return out

    def _event(
        self,
        ship_id: int,
        from_status: ShipmentStatus | None,
        status: ShipmentStatus,
        location: str,
        lat: float | None,
        lon: float | None,
        note: str,
        at: dt.datetime,
    ) -> dict[str, Any]:
        return {
            "id": len(self.rows["shipment_event"]) + 1,
            "shipment_id": ship_id,
            "from_status": from_status.value if from_status else None,
            "status": status.value,
            "location": location,
            "latitude": lat,
            "longitude": lon,
            "note": note,
            "actor_id": 1,
            "created_at": at,
        }

    def _receipt(self, ship_id: int, lines: list[dict[str, Any]], at: dt.datetime) -> str:
        """File the receipt: mostly all good, some short or damaged lines."""
        rng = self.rng
        receipt_id = len(self.rows["receipt"]) + 1
        code = _scrambled(receipt_id, 8)
        content_lines = []
        for line in lines:
            shipped = line["quantity"]
            roll = rng.random()
            if roll < 0.05:
                received, condition = rng.randint(0, shipped), "damaged"
                good = 0
            elif roll < 0.10:
                received, condition = rng.randint(0, shipped - 1), "good"
                good = received
            else:
                received, condition, good = shipped, "good", shipped
            self.received[line["id"]] = good
            self.rows["receipt_line"].append(
                {
                    "id": len(self.rows["receipt_line"]) + 1,
                    "receipt_id": receipt_id,
                    "shipment_line_id": line["id"],
                    "quantity_shipped": shipped,
                    "quantity_received": received,
                    "condition": condition,
                    "note": "",
                }
            )
            content_lines.append(
                {
                    "line": line["id"],
                    "item": line["item"],
                    "unit": line["unit"],
                    "shipped": shipped,
                    "received": received,
                    "condition": condition,
                    "note": "",
                }
            )
        shipment = self.rows["shipment"][ship_id - 1]
        content = json.dumps(
            {
                "type": "tracker.delivery_receipt",
                "version": 1,
                "code": code,
                "shipment": shipment["reference"],
                "community": self.org[shipment["community_id"]]["name"],
                "partners": sorted({self.org[x["partner_id"]]["name"] for x in lines}),
                "received_by": "Head of the receiving institution",
                "received_role": "Director",
                "received_at": at.isoformat(timespec="seconds"),
                "lines": content_lines,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        self.rows["receipt"].append(
            {
                "id": receipt_id,
                "shipment_id": ship_id,
                "code": code,
                "received_by": "Head of the receiving institution",
                "received_role": "Director",
                "received_at": at,
                "filed_by_id": 1,
                "content": content,
                "sha256": hashlib.sha256(content.encode("utf-8")).hexdigest(),
                "created_at": at,
            }
        )
        return code

    def _settle(self, lines: list[dict[str, Any]], final: ShipmentStatus, at: dt.datetime) -> None:
        """Set each allocation's final status, as the events would have."""
        s = ShipmentStatus
        allocations = self.rows["allocation"]
        for line in lines:
            allocation = allocations[line["allocation_id"] - 1]
            allocation["updated_at"] = at
            if final in (s.cancelled, s.lost, s.returned):
                allocation["status"] = "released"
            elif final == s.delivered:
                allocation["status"] = "delivered"
                allocation["quantity_delivered"] = self.received[line["id"]]
            allocation["shipped"] = final not in (s.planned, s.cancelled)

    def _finish_counters(self) -> None:
        """Request and pledge counters and statuses from the allocations' final states."""
        rng = self.rng
        for allocation in self.rows["allocation"]:
            if allocation["updated_at"] is None:
                allocation["updated_at"] = allocation["created_at"]
            shipped = allocation.pop("shipped", False)
            request = self.req[allocation["request_id"] - 1]
            pledge = self.pledge[allocation["pledge_id"] - 1]
            quantity = allocation["quantity"]
            status = allocation["status"]
            if status == "released":
                continue
            pledge["quantity_allocated"] += quantity
            if status == "delivered":
                good = allocation["quantity_delivered"]
                request["quantity_allocated"] += good
                request["quantity_shipped"] += good
                request["quantity_delivered"] += good
            else:
                request["quantity_allocated"] += quantity
                if shipped:
                    request["quantity_shipped"] += quantity
            request["updated_at"] = max(request["updated_at"], allocation["updated_at"])
            pledge["updated_at"] = max(pledge["updated_at"], allocation["updated_at"])
        for request in self.req:
            if request["id"] in self.cancelled:
                request["status"] = "cancelled"
                request["updated_at"] = self._after(request["created_at"], 24, 24 * 30)
            elif request["quantity_delivered"] >= request["quantity"]:
                request["status"] = "fulfilled"
            elif request["quantity_allocated"] >= request["quantity"]:
                request["status"] = "pledged"
            else:
                request["status"] = "open"
        for pledge in self.pledge:
            allocated, quantity = pledge["quantity_allocated"], pledge["quantity"]
            if allocated == 0 and rng.random() < 0.08:
                pledge["quantity_withdrawn"] = quantity
            elif 0 < allocated < quantity and rng.random() < 0.05:
                pledge["quantity_withdrawn"] = quantity - allocated
            withdrawn = pledge["quantity_withdrawn"]
            if withdrawn > 0 and allocated == 0:
                pledge["status"] = "withdrawn"
            elif allocated + withdrawn >= quantity:
                pledge["status"] = "allocated"
            else:
                pledge["status"] = "offered"

    def _free_pairs(self) -> list[tuple[int, int]]:
        """Open request / offered pledge pairs of the same category and unit, with room."""
        requests: dict[tuple[str, str], list[int]] = defaultdict(list)
        pledges: dict[tuple[str, str], list[int]] = defaultdict(list)
        for r in self.req:
            if r["status"] == "open" and r["quantity_allocated"] < r["quantity"]:
                requests[(r["category"], r["unit"])].append(r["id"])
        for p in self.pledge:
            free = p["quantity"] - p["quantity_allocated"] - p["quantity_withdrawn"]
            if p["status"] == "offered" and free > 0:
                pledges[(p["category"], p["unit"])].append(p["id"])
        pairs: list[tuple[int, int]] = []
        for key in sorted(requests.keys() & pledges.keys()):
            rs, ps = requests[key][:], pledges[key][:]
            self.rng.shuffle(rs)
            self.rng.shuffle(ps)
            pairs.extend(zip(rs, ps, strict=False))
        self.rng.shuffle(pairs)
        return pairs

    def _status_counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for table in ("aid_request", "pledge", "allocation", "shipment"):
            tally: dict[str, int] = defaultdict(int)
            for row in self.rows[table]:
                tally[row["status"]] += 1
            counts[table] = dict(sorted(tally.items()))
        return counts


def check_invariants(data: Dataset) -> None:
    """Fail early if the generator broke a rule the database or the services rely on."""
    for r in data.rows["aid_request"]:
        assert 0 <= r["quantity_delivered"] <= r["quantity_shipped"], r
        assert r["quantity_shipped"] <= r["quantity_allocated"] <= r["quantity"], r
    for p in data.rows["pledge"]:
        assert p["quantity_allocated"] + p["quantity_withdrawn"] <= p["quantity"], p
    requests = data.rows["aid_request"]
    pledges = data.rows["pledge"]
    for a in data.rows["allocation"]:
        r, p = requests[a["request_id"] - 1], pledges[a["pledge_id"] - 1]
        assert (r["category"], r["unit"]) == (p["category"], p["unit"]), a
    for s in data.rows["shipment"]:
        assert s["status"] in {x.value for x in ShipmentStatus}


# Loading --------------------------------------------------------------------------------------


def insert_all(engine: Engine, data: Dataset) -> float:
    """Core insert() executemany, in chunks, one transaction per table; ids are explicit."""
    started = time.perf_counter()
    for name in TABLE_ORDER:
        table = metadata.tables[name]
        rows = data.rows[name]
        with engine.begin() as conn:
            for start in range(0, len(rows), CHUNK):
                conn.execute(table.insert(), rows[start : start + CHUNK])
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for name in TABLE_ORDER:
                if data.rows[name]:
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"(SELECT max(id) FROM {name}))"
                        )
                    )
    return time.perf_counter() - started


def analyze(engine: Engine) -> float:
    """VACUUM (ANALYZE) on PostgreSQL: fresh statistics, and autovacuum has nothing left to do
    in the middle of the measurements."""
    started = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE)"))
    return time.perf_counter() - started


# Serving and measuring ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(database_url: str, data_dir: Path) -> Iterator[tuple[str, int]]:
    """uvicorn with the app factory, one worker, in its own process (its URL and pid); stopped
    on exit."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TRACKER_SECRET_KEY": SECRET_KEY,
        "TRACKER_DATA_DIR": str(data_dir),
        "TRACKER_ENV": "test",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "tracker.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    log_path = data_dir / "uvicorn.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, env=env, cwd=data_dir, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn not ready after 60 s: {log_path.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _summary(latencies: list[float]) -> dict[str, float | int]:
    return {
        "n": len(latencies),
        "median_ms": round(_percentile(latencies, 0.5), 2),
        "p95_ms": round(_percentile(latencies, 0.95), 2),
        "max_ms": round(max(latencies), 2),
    }


def _timed(call: Callable[[], httpx.Response]) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = call()
    return (time.perf_counter() - started) * 1000, response


def measure_latency(
    client: httpx.Client, data: Dataset, rng: random.Random
) -> dict[str, dict[str, Any]]:
    # Distinct pairs first; if they run out, pairs come round again (then 409s may appear).
    pairs = itertools.cycle(data.allocation_pairs)

    def list_call() -> httpx.Response:
        return client.get(LIST_PATH.format(offset=rng.choice(LIST_OFFSETS)))

    def shipment_call() -> httpx.Response:
        return client.get(f"/api/v1/shipments/{rng.choice(data.shipment_ids)}")

    def allocate_call() -> httpx.Response:
        request_id, pledge_id = next(pairs)
        body = {"request_id": request_id, "pledge_id": pledge_id, "quantity": 1}
        return client.post("/api/v1/allocations", json=body)

    # Warm-up, untimed: every route once or more, so imports, pools and caches are ready.
    for call in [list_call, shipment_call, allocate_call, lambda: client.get("/healthz")] * (
        WARMUP // 4
    ):
        call().raise_for_status()

    results: dict[str, dict[str, Any]] = {}
    plan: list[tuple[str, str, Callable[[], httpx.Response], int, set[int]]] = [
        ("list_requests", LIST_PATH.format(offset="{0..250}"), list_call, LIST_N, {200}),
        ("read_shipment", "/api/v1/shipments/{id}", shipment_call, SHIPMENT_N, {200}),
        ("create_allocation", "POST /api/v1/allocations", allocate_call, ALLOCATE_N, {201, 409}),
    ]
    for name, path, call, n, expected in plan:
        latencies: list[float] = []
        codes: dict[int, int] = defaultdict(int)
        totals: list[int] = []
        for _ in range(n):
            ms, response = _timed(call)
            latencies.append(ms)
            codes[response.status_code] += 1
            if name == "list_requests" and response.status_code == 200:
                totals.append(response.json()["total"])
        entry: dict[str, Any] = {"path": path, **_summary(latencies)}
        entry["status_codes"] = {str(k): v for k, v in sorted(codes.items())}
        entry["unexpected"] = sum(v for k, v in codes.items() if k not in expected)
        if totals:
            entry["matching_rows"] = totals[-1]
        results[name] = entry
    return results


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_throughput(
    base: str, headers: dict[str, str], path: str, seconds: float, server_pid: int
) -> dict[str, Any]:
    """Requests/second of `path` from CONCURRENCY threads, each with its own connection, and
    the server's CPU time per request (which a busy machine disturbs less than rps)."""
    counts = [0] * CONCURRENCY
    errors = [0] * CONCURRENCY
    stop_at = time.monotonic() + seconds

    def worker(slot: int) -> None:
        local = random.Random(slot)
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            while time.monotonic() < stop_at:
                url = path.format(offset=local.choice(LIST_OFFSETS))
                if client.get(url).status_code == 200:
                    counts[slot] += 1
                else:
                    errors[slot] += 1

    cpu_before = _cpu_seconds(server_pid)
    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cpu = _cpu_seconds(server_pid) - cpu_before
    return {
        "requests": sum(counts),
        "errors": sum(errors),
        "seconds": round(elapsed, 2),
        "rps": round(sum(counts) / elapsed, 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, sum(counts)), 3),
    }


def run_backend(
    backend: str, url: str, data: Dataset, seconds: float, workdir: Path
) -> dict[str, Any]:
    result: dict[str, Any] = {"generate_s": data.generate_s}
    started = time.perf_counter()
    upgrade(url)
    result["migrate_s"] = round(time.perf_counter() - started, 2)
    engine = create_engine(url)
    try:
        print(f"[{backend}] inserting…", flush=True)
        result["insert_s"] = round(insert_all(engine, data), 2)
        if backend == "postgresql":
            result["analyze_s"] = round(analyze(engine), 2)
        with engine.connect() as conn:
            result["rows"] = {
                name: int(conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
                for name in TABLE_ORDER
            }
    finally:
        engine.dispose()
    result["statuses"] = data.statuses
    print(f"[{backend}] {result['rows']} in {result['insert_s']} s; serving…", flush=True)
    token_engine = create_engine(url)
    try:
        with Session(token_engine) as session:  # a token is a row in auth_session
            token = issue_api_token(session, data.coordinator_id, SECRET_KEY, 600)
            session.commit()
    finally:
        token_engine.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    with serve(url, workdir) as (base, pid):
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            result["endpoints"] = measure_latency(client, data, random.Random(7))
        healthz = measure_throughput(base, headers, "/healthz", seconds, pid)
        listing = measure_throughput(base, headers, LIST_PATH, seconds, pid)
        # Diagnostic: the cheapest authenticated route, i.e. the floor under every API call.
        auth_me = measure_throughput(base, headers, "/api/v1/auth/me", seconds, pid)
    ratio = listing["rps"] / healthz["rps"] if healthz["rps"] else 0.0
    result["throughput"] = {
        "concurrency": CONCURRENCY,
        "healthz": healthz,
        "list_requests": listing,
        "ratio_list_to_healthz": round(ratio, 3),
        "auth_me": auth_me,
        "ratio_auth_me_to_healthz": round(auth_me["rps"] / healthz["rps"], 3)
        if healthz["rps"]
        else 0.0,
    }
    result["targets_met"] = {
        "list_p95_under_50ms": result["endpoints"]["list_requests"]["p95_ms"] < LIST_P95_TARGET_MS,
        "ratio_at_least_0.25": ratio >= RATIO_TARGET,
    }
    return result


def postgres_unavailable(admin_url: str) -> str | None:
    try:
        engine = create_engine(admin_url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


@contextlib.contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A database created for this run, dropped afterwards whatever happens."""
    name = f"tracker_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
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
        print(f"[postgresql] dropped {name}", flush=True)


def print_summary(report: dict[str, Any]) -> None:
    print(f"\nworkflow benchmark, scale {report['scale']}, {report['machine']}")
    for backend, r in report["backends"].items():
        if "skipped" in r:
            print(f"\n{backend}: skipped ({r['skipped']})")
            continue
        rows = r["rows"]
        print(
            f"\n{backend}: {rows['aid_request']} requests, {rows['pledge']} pledges, "
            f"{rows['allocation']} allocations, {rows['shipment']} shipments, "
            f"{rows['shipment_line']} lines, {rows['shipment_event']} events, "
            f"{rows['receipt']} receipts"
        )
        print(
            f"  generate {r['generate_s']} s, migrate {r['migrate_s']} s, "
            f"insert {r['insert_s']} s"
            + (f", analyze {r['analyze_s']} s" if "analyze_s" in r else "")
        )
        for name, e in r["endpoints"].items():
            codes = ", ".join(f"{k}: {v}" for k, v in e["status_codes"].items())
            print(
                f"  {name:<18} n={e['n']:<4} median {e['median_ms']:>7.2f} ms  "
                f"p95 {e['p95_ms']:>7.2f} ms  max {e['max_ms']:>7.2f} ms  ({codes})"
            )
        t = r["throughput"]
        print(
            f"  throughput x{t['concurrency']}: healthz {t['healthz']['rps']} rps, "
            f"list {t['list_requests']['rps']} rps, ratio {t['ratio_list_to_healthz']} "
            f"(auth/me {t['auth_me']['rps']} rps, ratio {t['ratio_auth_me_to_healthz']})"
        )
        print(
            "  server CPU per request: "
            + ", ".join(
                f"{name} {t[name]['server_cpu_ms_per_request']} ms"
                for name in ("healthz", "list_requests", "auth_me")
            )
        )
        met = ", ".join(f"{k}: {'yes' if v else 'NO'}" for k, v in r["targets_met"].items())
        print(f"  targets: {met}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100k requests")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=float, default=10.0, help="each throughput window")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("TRACKER_TEST_POSTGRES_URL", DEFAULT_PG_URL)
    )
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    # A TERM (from a job runner) unwinds like Ctrl-C, so the database is still dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    print(f"generating (scale {args.scale})…", flush=True)
    data = Generator(args.scale, args.seed).build()
    check_invariants(data)
    print(
        f"generated in {data.generate_s} s: "
        + ", ".join(f"{k} {len(v)}" for k, v in data.rows.items()),
        flush=True,
    )
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "seed": args.seed,
        "throughput_seconds": args.seconds,
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "client": (
            f"httpx in this process ({CONCURRENCY} threads for throughput, one connection "
            "each), on the same machine as uvicorn and the database"
        ),
        "targets": {"list_p95_ms": LIST_P95_TARGET_MS, "list_to_healthz_rps_ratio": RATIO_TARGET},
        "backends": {},
    }
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix=f"tracker-bench-{backend}-") as tmp:
            workdir = Path(tmp)
            if backend == "sqlite":
                url = f"sqlite:///{workdir / 'tracker.db'}"
                report["backends"][backend] = run_backend(backend, url, data, args.seconds, workdir)
                continue
            reason = postgres_unavailable(args.postgres_url)
            if reason is not None:
                message = f"PostgreSQL not reachable at {args.postgres_url} ({reason})"
                print(f"[postgresql] skipped: {message}", flush=True)
                report["backends"][backend] = {"skipped": message}
                continue
            with postgres_database(args.postgres_url) as url:
                report["backends"][backend] = run_backend(backend, url, data, args.seconds, workdir)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_summary(report)
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
