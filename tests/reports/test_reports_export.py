"""CSV and HXL exports, through the API and the command line."""

from __future__ import annotations

import io
from decimal import Decimal

import hxl
import pytest

from tests.reports.conftest import parse_csv
from tracker.reports.columns import COLUMNS
from tracker.reports.export import ExportFilters, cell, iter_csv, safe_cell


def _lifecycle(flow) -> dict:  # type: ignore[no-untyped-def]
    """A Brovary request served by Jena: allocated, shipped, delivered with a receipt."""
    request = flow.request(quantity=4)
    pledge = flow.pledge(quantity=4, value_amount="10000.00", currency="EUR")
    allocation = flow.allocate(request["id"], pledge["id"], 4)
    shipment = flow.ship(
        [allocation["id"]],
        reference="SHP-TEST-0001",
        transport_document="CMR 0412377",
        seal_numbers="UA 551230, UA 551231",
        gross_weight_kg="1250.5",
        volume_m3="6.40",
        driver_name="Andrii Koval",
        driver_phone="+380 67 123 4567",
    )
    flow.move(shipment["id"], "dispatched", location="Jena")
    receipt = flow.receive(shipment, {shipment["lines"][0]["id"]: (3, "good")})
    return {"request": request, "pledge": pledge, "shipment": shipment, "receipt": receipt}


def test_requests_csv_has_the_api_field_names_and_the_filters_of_the_list(flow, client, world):
    flow.request(item="Генератор 100 кВт", category="generator", quantity=2)
    flow.request(item="Ковдри", category="clothing", quantity=300, priority="normal")
    flow.request(
        who="poltava",
        item="Інсулін",
        category="medical_supplies",
        unit="box",
        destination="Полтава",
    )
    response = client.get("/api/v1/export/requests.csv", headers=world.h("jena"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "requests.csv" in response.headers["content-disposition"]
    rows = parse_csv(response.content.decode("utf-8"))
    assert rows[0] == [name for name, _ in COLUMNS["requests"]]
    assert len(rows) == 4
    by_item = {r[rows[0].index("item")]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_item["Інсулін"]["community_name"] == "Poltava"
    assert by_item["Інсулін"]["unit"] == "box"
    assert by_item["Генератор 100 кВт"]["needed_by"] == "2026-12-20"
    assert by_item["Генератор 100 кВт"]["admin1"]  # geocoded like the API does

    def items(**params: str) -> set[str]:
        r = client.get("/api/v1/export/requests.csv", params=params, headers=world.h("jena"))
        assert r.status_code == 200, r.text
        body = parse_csv(r.text)
        return {row[body[0].index("item")] for row in body[1:]}

    assert items(category="clothing") == {"Ковдри"}
    assert items(community_id=str(world.orgs["Poltava"])) == {"Інсулін"}
    assert items(priority="normal") == {"Ковдри"}
    assert items(q="poltava") == {"Інсулін"}
    assert items(status="fulfilled") == set()
    assert (
        client.get(
            "/api/v1/export/requests.csv?category=rockets", headers=world.h("jena")
        ).status_code
        == 422
    )


def test_exports_need_a_signed_in_user(client, world):
    for kind in ("requests", "pledges", "shipments"):
        assert client.get(f"/api/v1/export/{kind}.csv").status_code == 401


def test_the_export_streams_a_few_hundred_rows(engine, client, world, many_requests):
    many_requests(450)
    # The file is made chunk by chunk from a cursor read with yield_per, not built whole.
    chunks = list(iter_csv(engine, "requests", ExportFilters(), None, chunk=100))
    assert len(chunks) == 5
    assert all(len(c) < 20_000 for c in chunks)
    with client.stream("GET", "/api/v1/export/requests.csv", headers=world.h("coordinator")) as r:
        assert r.status_code == 200
        assert "content-length" not in r.headers  # sent in chunks, not as one body
        chunks = list(r.iter_bytes())
    rows = parse_csv(b"".join(chunks).decode("utf-8"))
    assert len(rows) == 451
    assert {row[4] for row in rows[1:]} == {f"Запит №{i}" for i in range(450)}
    assert [int(row[0]) for row in rows[1:]] == sorted(int(row[0]) for row in rows[1:])


def test_shipment_lines_carry_the_receipt_and_only_reach_those_who_may_see_them(
    flow, client, world
):
    done = _lifecycle(flow)
    response = client.get("/api/v1/export/shipments.csv", headers=world.h("coordinator"))
    rows = parse_csv(response.text)
    assert rows[0][:4] == ["line_id", "shipment_id", "reference", "status"]
    assert len(rows) == 2
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["reference"] == "SHP-TEST-0001"
    assert line["status"] == "delivered"
    assert line["community_name"] == "Brovary"
    assert line["partner_name"] == "Jena"
    assert line["quantity"] == "4"
    assert line["quantity_received"] == "3"
    assert line["value_amount"] == "10000.00"
    assert line["currency"] == "EUR"
    assert line["receipt_code"] == done["receipt"]["code"]
    assert line["dispatched_at"] and line["delivered_at"]
    assert line["transport_document"] == "CMR 0412377"
    assert line["seal_numbers"] == "UA 551230, UA 551231"
    assert line["shipment_gross_weight_kg"] == "1250.50"
    assert line["shipment_volume_m3"] == "6.40"
    # The driver is a person: name and phone stay on the waybill, out of bulk exports.
    assert "Koval" not in response.text and "123 4567" not in response.text
    for who, expected in (("brovary", 2), ("jena", 2), ("poltava", 1), ("kalmar", 1)):
        r = client.get("/api/v1/export/shipments.csv", headers=world.h(who))
        assert len(parse_csv(r.text)) == expected, who
    r = client.get("/api/v1/export/shipments.csv?partner_id=999", headers=world.h("coordinator"))
    assert len(parse_csv(r.text)) == 1


def test_libhxl_reads_the_hxl_export_of_every_kind(flow, client, world):
    _lifecycle(flow)
    flow.request(
        who="poltava",
        item="Вода питна",
        category="water_sanitation",
        unit="l",
        quantity=1000,
        destination="Полтава",
    )
    for kind in ("requests", "pledges", "shipments"):
        response = client.get(f"/api/v1/export/{kind}.csv?hxl=true", headers=world.h("coordinator"))
        assert response.status_code == 200
        assert "hxl.csv" in response.headers["content-disposition"]
        dataset = hxl.data(io.BytesIO(response.content))
        assert dataset.display_tags == [tag for _, tag in COLUMNS[kind]]
        assert {"#meta", "#item", "#status"} <= set(dataset.tags)
        rows = list(dataset)
        assert rows, kind
        if kind == "requests":
            values = {row.get("#item+name"): row for row in rows}
            water = values["Вода питна"]
            assert water.get("#org+name+recipient") == "Poltava"
            assert water.get("#item+type") == "water_sanitation"
            assert water.get("#item+num+requested") == "1000"
            assert water.get("#adm1+name")
            assert float(water.get("#geo+lat")) > 40
            assert water.get("#date+needed") == "2026-12-20"
        elif kind == "pledges":
            assert rows[0].get("#org+name+funder") == "Jena"
            assert rows[0].get("#value") == "10000.00"
            assert rows[0].get("#currency") == "EUR"
        else:
            assert rows[0].get("#meta+id+waybill") == "SHP-TEST-0001"
            assert rows[0].get("#org+name+consignee") == "Brovary"
            assert rows[0].get("#item+num+received") == "3"
    # The default HXL schema finds no errors (dates are dates, values are numbers).
    problems = []
    schema = hxl.schema(
        callback=lambda e: problems.append(e) if e.rule.severity == "error" else None
    )
    response = client.get("/api/v1/export/pledges.csv?hxl=true", headers=world.h("coordinator"))
    schema.validate(hxl.data(io.BytesIO(response.content)))
    assert problems == []


def test_the_command_line_writes_the_same_export_to_a_file(flow, cli, tmp_path, world):
    flow.request(item="Генератор 30 кВт", quantity=3)
    flow.pledge(quantity=2)
    target = tmp_path / "pledges.csv"
    result = cli("export", "pledges", "--hxl", "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = parse_csv(target.read_text("utf-8"))
    assert rows[0] == [name for name, _ in COLUMNS["pledges"]]
    assert rows[1] == [tag for _, tag in COLUMNS["pledges"]]
    pledge = dict(zip(rows[0], rows[2], strict=True))
    assert pledge["partner_name"] == "Jena"
    assert pledge["quantity_available"] == "2"
    result = cli("export", "requests", "--category", "generator")
    assert result.exit_code == 0, result.output
    assert "Генератор 30 кВт" in result.stdout


def test_no_export_hands_a_formula_to_a_spreadsheet(flow, client, world):
    """OWASP CSV injection: text that would start a formula is neutralised in every export
    (requests, pledges, shipments; HXL too); numbers, negative ones included, stay numbers."""
    request = flow.request(item='=HYPERLINK("http://evil","x")', quantity=4)
    pledge = flow.pledge(item="+cmd|' /C calc'!A0", quantity=4, origin="@SUM(1+1)")
    allocation = flow.allocate(request["id"], pledge["id"], 4)
    flow.ship([allocation["id"]], reference="-2+3+cmd|' /C calc'!A0", carrier="=1+1")
    for kind, column, written in [
        ("requests", "item", '\'=HYPERLINK("http://evil","x")'),
        ("pledges", "item", "'+cmd|' /C calc'!A0"),
        ("pledges", "origin", "'@SUM(1+1)"),
        ("shipments", "reference", "'-2+3+cmd|' /C calc'!A0"),
        ("shipments", "carrier", "'=1+1"),
    ]:
        for hxl_flag in ("false", "true"):
            response = client.get(
                f"/api/v1/export/{kind}.csv",
                params={"hxl": hxl_flag},
                headers=world.h("coordinator"),
            )
            rows = parse_csv(response.text)
            data = rows[2:] if hxl_flag == "true" else rows[1:]
            assert [row[rows[0].index(column)] for row in data] == [written], (kind, hxl_flag)
            assert [row[rows[0].index("quantity")] for row in data] == ["4"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+380 67 123 4567", "'+380 67 123 4567"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("-12.50", "-12.50"),
        ("+1.5", "+1.5"),
        ("-1e3", "-1e3"),
        ("Генератор", "Генератор"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_safe_cell(text, written):
    assert safe_cell(text) == written


def test_numbers_stay_numbers():
    assert cell(-5) == "-5"
    assert cell(Decimal("-12.5")) == "-12.50"
    assert cell(-0.25) == "-0.25"
