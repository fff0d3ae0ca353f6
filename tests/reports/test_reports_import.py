"""Bulk import: the validation report, all-or-nothing writes, spreadsheets as people make them."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from tests.reports.conftest import make_csv, parse_csv
from tracker.audit.models import AuditEntry
from tracker.auth.models import User
from tracker.pledges.models import Pledge
from tracker.reports.importer import import_csv
from tracker.requests.models import AidRequest

HEADER = [
    "community",
    "category",
    "item",
    "quantity",
    "unit",
    "priority",
    "needed_by",
    "destination",
    "justification",
]


def _twenty_rows_three_wrong() -> str:
    rows: list[list[object]] = [HEADER]
    for i in range(20):
        rows.append(
            [
                "Brovary",
                "generator",
                f"Генератор №{i + 1}",
                i + 1,
                "pcs",
                "high",
                "2026-11-30",
                "Бровари",
                "Водоканал",
            ]
        )
    rows[3][1] = "rockets"  # line 4
    rows[7][3] = "five"  # line 8
    rows[15][0] = "Atlantis"  # line 16
    return make_csv(rows)


def _requests(session) -> list[AidRequest]:  # type: ignore[no-untyped-def]
    session.commit()  # a fresh snapshot: the CLI writes through its own connection
    session.expire_all()
    return list(session.exec(select(AidRequest).order_by(AidRequest.id)).all())


def test_three_bad_rows_give_three_messages_and_nothing_is_written(session, world):
    report = import_csv(session, "requests", _twenty_rows_three_wrong())
    assert [e.line for e in report.errors] == [4, 8, 16]
    assert report.messages() == [
        "line 4: category must be one of generator, heating, medical_equipment, "
        "medical_supplies, vehicle, shelter, water_sanitation, food, clothing, education, "
        "it_equipment, other (got 'rockets')",
        "line 8: quantity must be a whole number greater than 0 (got 'five')",
        "line 16: community 'Atlantis' is not known (check the spelling, or give community_id)",
    ]
    assert (report.rows, report.valid, report.created) == (20, 17, 0)
    assert _requests(session) == []


def test_skip_invalid_writes_the_seventeen_good_rows_with_an_audit_row_each(session, world):
    report = import_csv(session, "requests", _twenty_rows_three_wrong(), skip_invalid=True)
    assert len(report.errors) == 3
    assert report.created == 17
    saved = _requests(session)
    assert len(saved) == 17
    assert {r.item for r in saved} == {f"Генератор №{i}" for i in range(1, 21)} - {
        "Генератор №3",
        "Генератор №7",
        "Генератор №15",
    }
    first = saved[0]
    assert first.community_id == world.orgs["Brovary"]
    assert first.status == "open" and first.priority == "high"
    assert first.needed_by == dt.date(2026, 11, 30)
    assert first.latitude is not None and first.admin1  # Бровари geocoded
    audits = session.exec(select(AuditEntry).where(AuditEntry.entity == "request")).all()
    assert len(audits) == 17
    assert all(a.actor_id is None and a.action == "create" for a in audits)
    assert {a.entity_id for a in audits} == {r.id for r in saved}


def test_an_excel_file_with_bom_semicolons_and_ukrainian_headers_imports(session, world):
    text = make_csv(
        [
            [
                "Громада",
                "Категорія",
                "Найменування",
                "Кількість",
                "Одиниця",
                "Пріоритет",
                "Потрібно до",
                "Місце призначення",
                "Обґрунтування",
            ],
            [
                "бровари",
                "Генератори",
                "Генератор 100 кВт; дизельний",
                "2",
                "шт",
                "критичний",
                "20.12.2026",
                "Бровари",
                "Насосна станція без світла",
            ],
            ["POLTAVA", "food", "Борошно", "1,5", "т", "високий", "", "Полтава", ""],
            [
                "Poltava",
                "clothing",
                "Зимові куртки",
                "40",
                "шт",
                "",
                "01.02.2027",
                "Нове Село Десь",
                "",
            ],
            [],
            [],
        ],
        delimiter=";",
    )
    data = "\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8")
    report = import_csv(session, "requests", data)
    assert report.delimiter == ";"
    assert report.messages() == [
        "line 3: quantity must be a whole number greater than 0 (got '1.5')"
    ]
    fixed = data.replace(b"1,5", b"3")
    report = import_csv(session, "requests", fixed)
    assert report.ok, report.messages()
    assert report.created == 3
    saved = {r.item: r for r in _requests(session)}
    generator = saved["Генератор 100 кВт; дизельний"]
    assert generator.community_id == world.orgs["Brovary"]
    assert (generator.category, generator.unit, generator.priority) == (
        "generator",
        "pcs",
        "critical",
    )
    assert generator.needed_by == dt.date(2026, 12, 20)
    assert (saved["Борошно"].unit, saved["Борошно"].quantity) == ("t", 3)
    # An unknown place is no error (as in the API): saved without coordinates, with a warning.
    unknown = saved["Зимові куртки"]
    assert unknown.latitude is None and unknown.longitude is None
    assert any("Нове Село Десь" in str(w) and w.line == 4 for w in report.warnings)


def test_a_file_with_an_hxl_row_is_read_by_its_hashtags(session, world):
    text = make_csv(
        [
            ["Хто", "Що", "Скільки", "Од.", "Куди", "Тип"],
            [
                "#org+name+recipient",
                "#item+name",
                "#item+num+requested",
                "#item+unit",
                "#loc+name",
                "#item+type",
            ],
            ["Kherson", "Водяні фільтри", "12", "box", "Херсон", "water_sanitation"],
            ["Kherson", "Фільтри", "0", "box", "Херсон", "water_sanitation"],
        ]
    )
    report = import_csv(session, "requests", text)
    assert report.read_by_tags
    assert report.messages() == ["line 4: quantity must be a whole number greater than 0 (got '0')"]
    report = import_csv(session, "requests", text.replace(",0,", ",5,"))
    assert report.created == 2
    saved = _requests(session)
    assert {(r.item, r.quantity, r.unit, r.category) for r in saved} == {
        ("Водяні фільтри", 12, "box", "water_sanitation"),
        ("Фільтри", 5, "box", "water_sanitation"),
    }


def test_organizations_must_exist_and_be_of_the_right_kind(session, world):
    text = make_csv(
        [
            [
                "partner",
                "partner_id",
                "category",
                "item",
                "quantity",
                "unit",
                "origin",
                "value_amount",
                "currency",
                "available_from",
            ],
            [
                "Jena",
                "",
                "medical_equipment",
                "Ultraschallgerät",
                "1",
                "pcs",
                "Jena",
                "38000,50",
                "EUR",
                "2026-10-01",
            ],
            ["Brovary", "", "generator", "Generator", "1", "pcs", "Jena", "", "", ""],
            [
                "",
                str(world.orgs["Erlangen"]),
                "vehicle",
                "Schulbus",
                "1",
                "pcs",
                "Erlangen",
                "90000",
                "",
                "",
            ],
            ["", "", "heating", "Heizgerät", "1", "pcs", "Erlangen", "", "", ""],
            ["Kalmar kommun", "", "food", "Konserver", "10", "box", "Kalmar", "50", "KRONOR", ""],
        ]
    )
    report = import_csv(session, "pledges", text)
    assert report.messages() == [
        "line 3: Brovary is a community, not a partner",
        "line 4: currency is required with value_amount (e.g. EUR, UAH, SEK)",
        "line 5: partner is required (its name in a partner column, or partner_id)",
        "line 6: currency must be an ISO 4217 code such as EUR, UAH, SEK, PLN or USD "
        "(got 'KRONOR')",
    ]
    assert session.exec(select(Pledge)).all() == []
    report = import_csv(session, "pledges", text, skip_invalid=True)
    assert report.created == 1
    pledge = session.exec(select(Pledge)).one()
    assert (pledge.partner_id, str(pledge.value_amount), pledge.currency) == (
        world.orgs["Jena"],
        "38000.50",
        "EUR",
    )
    assert pledge.available_from == dt.date(2026, 10, 1)


def test_a_file_without_a_needed_column_is_refused_as_a_whole(session, world):
    report = import_csv(session, "requests", "community,item,quantity\nBrovary,Генератор,2\n")
    assert report.messages() == [
        "line 1: the header row has no column for: category, unit, destination"
    ]
    assert report.rows == 0


def test_community_staff_import_only_for_their_own_community(session, world):
    staff = session.get(User, world.users["brovary"])
    text = make_csv(
        [
            ["category", "item", "quantity", "unit", "destination"],
            ["generator", "Генератор", "1", "pcs", "Бровари"],
        ]
    )
    report = import_csv(session, "requests", text, actor=staff)
    assert report.created == 1
    assert _requests(session)[0].community_id == world.orgs["Brovary"]
    other = make_csv([HEADER, ["Poltava", "food", "Борошно", "5", "t", "", "", "Полтава", ""]])
    report = import_csv(session, "requests", other, actor=staff)
    assert report.messages() == [
        "line 2: you may import requests only for Brovary, not for Poltava"
    ]


def test_export_then_import_into_an_empty_database_gives_the_same_requests(
    flow, client, session, world
):
    flow.request()
    flow.request(
        item="Апарат УЗД",
        category="medical_equipment",
        quantity=1,
        priority="high",
        needed_by="2026-09-01",
        justification="Лікарня, рядок 1\n2",
    )
    flow.request(
        who="poltava",
        item="Борошно",
        category="food",
        quantity=3,
        unit="t",
        priority="low",
        destination="Полтава",
        justification="",
    )
    flow.request(
        who="poltava",
        item="Намети",
        category="shelter",
        quantity=7,
        unit="pcs",
        needed_by=None,
        destination="Якесь Невідоме Село",
    )
    fields = [
        "category",
        "item",
        "quantity",
        "unit",
        "priority",
        "needed_by",
        "destination",
        "community_id",
        "justification",
        "latitude",
        "longitude",
        "admin1",
    ]

    def snapshot() -> list[tuple]:
        return sorted(tuple(getattr(r, f) for f in fields) for r in _requests(session))

    before = snapshot()
    for hxl in ("false", "true"):
        exported = client.get(
            f"/api/v1/export/requests.csv?hxl={hxl}", headers=world.h("coordinator")
        )
        assert len(parse_csv(exported.text)) == 5 + (hxl == "true")
        session.exec(AidRequest.__table__.delete())  # type: ignore[attr-defined]
        session.commit()
        assert _requests(session) == []
        report = import_csv(session, "requests", exported.content)
        assert report.ok, report.messages()
        assert report.read_by_tags is (hxl == "true")
        assert report.created == 4
        assert snapshot() == before


def test_the_command_line_refuses_bad_files_and_dry_runs_write_nothing(
    cli, session, world, tmp_path
):
    bad = tmp_path / "bad.csv"
    bad.write_text(_twenty_rows_three_wrong(), encoding="utf-8")
    result = cli("import", "requests", str(bad))
    assert result.exit_code == 1
    assert "line 8: quantity must be a whole number greater than 0 (got 'five')" in result.output
    assert "Nothing was written" in result.output
    assert _requests(session) == []

    good = tmp_path / "good.csv"
    good.write_text(
        make_csv([HEADER, ["Brovary", "heating", "Обігрівач", "4", "pcs", "", "", "Бровари", ""]]),
        encoding="utf-8",
    )
    result = cli("import", "requests", str(good), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output
    assert _requests(session) == []

    result = cli("import", "requests", str(good))
    assert result.exit_code == 0, result.output
    assert [r.item for r in _requests(session)] == ["Обігрівач"]

    result = cli("import", "requests", str(bad), "--skip-invalid")
    assert result.exit_code == 1  # something was refused, even though 17 rows were written
    assert len(_requests(session)) == 18


def _requests_csv(item: str, justification: str = "", destination: str = "Бровари") -> str:
    return make_csv(
        [
            HEADER,
            [
                "Brovary",
                "clothing",
                item,
                5,
                "pcs",
                "high",
                "2026-12-20",
                destination,
                justification,
            ],
        ],
        delimiter=";",
    )


def test_a_latin_1_file_is_read_as_latin_1(session, world):
    text = _requests_csv("Jacken Größe XL", "Für die Schule, Décembre", destination="Brovary")
    report = import_csv(session, "requests", text.encode("cp1252"))
    assert report.ok, report.messages()
    assert "Windows-1252" in str(report.warnings[0])
    stored = session.exec(select(AidRequest)).one()
    assert stored.item == "Jacken Größe XL"
    assert stored.justification == "Für die Schule, Décembre"


def test_a_windows_1251_file_is_still_read_as_cyrillic(session, world):
    text = _requests_csv("Генератор 30 кВт", "Котельня")
    report = import_csv(session, "requests", text.encode("cp1251"))
    assert report.ok, report.messages()
    assert "Windows-1251" in str(report.warnings[0])
    assert session.exec(select(AidRequest)).one().item == "Генератор 30 кВт"


def test_a_file_of_unclear_encoding_is_refused_naming_the_encodings(session, world):
    report = import_csv(
        session, "requests", _requests_csv("été", destination="Brovary").encode("cp1252")
    )
    assert not report.ok
    assert "UTF-8" in report.messages()[0] and "Windows-1251" in report.messages()[0]
    assert session.exec(select(AidRequest)).all() == []


def test_a_cell_longer_than_the_csv_reader_takes_refuses_the_file(session, world):
    text = _requests_csv("Ковдри", "x" * 200_000) + _requests_csv("Ковдри").split("\n", 1)[1]
    report = import_csv(session, "requests", text, skip_invalid=True)
    assert not report.ok
    assert any("line 2" in m and "131072" in m for m in report.messages()), report.messages()
    assert session.exec(select(AidRequest)).all() == []


def test_a_long_cell_under_the_reader_limit_is_a_refused_row(session, world):
    report = import_csv(session, "requests", _requests_csv("Ковдри", "x" * 100_000))
    assert not report.ok
    assert "justification" in report.messages()[0]


def test_nul_bytes_in_a_cell_refuse_the_row(session, world):
    report = import_csv(session, "requests", _requests_csv("Ков\x00дри"))
    assert not report.ok and "item" in report.messages()[0]
    assert session.exec(select(AidRequest)).all() == []
