"""Ukraine's registry (KATOTTG) in the geocoder: right oblast or "which one?", never a guess."""

from __future__ import annotations

import pytest

from tracker.geo import katottg
from tracker.geo import service as geo
from tracker.geo.gazetteer import Gazetteer
from tracker.geo.geocoder import OfflineGeocoder
from tracker.geo.oblasts import ADMIN1


def _place(geocoder: OfflineGeocoder, i: int) -> geo.Place:
    return geo.place_from_location(geocoder._location(i))


def _registry_sweep(gazetteer: Gazetteer, geocoder: OfflineGeocoder, form: str) -> dict:
    """Query every settlement as "name, oblast"; count found / wrong-oblast answers by kind."""
    stats: dict[str, list[int]] = {}
    wrong: list[str] = []
    for i in range(len(gazetteer)):
        code = gazetteer.katottg[i]
        if not code:
            continue
        kind = gazetteer.category[i].decode()
        admin1 = gazetteer.admin1[i].decode()
        oblast = ADMIN1[("UA", admin1)]
        region = oblast.name_uk if form == "uk" else oblast.name_en
        if form == "short":
            region = oblast.name_uk.replace(" область", " обл.")
        name = gazetteer.name_uk(i)
        r = geocoder.resolve(f"{name}, {region}", limit=60)
        answers = ([r.best] if r.best is not None else []) + r.candidates
        found = r.best == i or (r.best is None and i in r.candidates)
        if any(gazetteer.admin1[a].decode() != admin1 for a in answers):
            wrong.append(f"{name}, {region}")
        row = stats.setdefault(kind, [0, 0])
        row[0] += int(found)
        row[1] += 1
    return {"stats": stats, "wrong": wrong}


@pytest.fixture(scope="module")
def sweep(gazetteer: Gazetteer, geocoder: OfflineGeocoder) -> dict:
    return _registry_sweep(gazetteer, geocoder, "uk")


@pytest.mark.slow
def test_whole_registry_found_in_its_oblast(sweep: dict) -> None:
    stats = sweep["stats"]
    share = {k: found / total for k, (found, total) in stats.items()}
    assert stats["M"][0] == stats["M"][1], "every city is placed in its oblast"
    assert stats["K"][0] == stats["K"][1]
    assert share["X"] >= 0.95 and share.get("T", 1.0) >= 0.95, share
    assert share["C"] >= 0.90, share


@pytest.mark.slow
def test_never_an_answer_in_another_oblast(sweep: dict) -> None:
    assert sweep["wrong"] == []


def test_every_registry_settlement_is_in_the_index(gazetteer: Gazetteer) -> None:
    units = katottg.read_units()
    settlements = {u.code for u in units if u.category in katottg.SETTLEMENT_CATEGORIES}
    indexed = {c.decode() for c in gazetteer.katottg.tolist() if c}
    assert settlements == indexed


@pytest.mark.parametrize(
    "query", ["Андріївка, Київська обл.", "Андріївка, Kyiv Oblast", "Андріївка, Київщина"]
)
def test_oblast_forms_restrict(geocoder: OfflineGeocoder, query: str) -> None:
    r = geocoder.resolve(query, limit=20)
    assert r.best is None and len(r.candidates) >= 2  # several Andriivkas in Kyiv Oblast
    assert {geocoder.gazetteer.admin1[i] for i in r.candidates} == {b"13"}


def test_raion_restricts_and_decides(geocoder: OfflineGeocoder) -> None:
    for query in (
        "Андріївка, Бучанський р-н",
        "Андріївка, Бучанський район",
        "Andriivka, Bucha raion",
    ):
        r = geocoder.resolve(query)
        assert r.best is not None, query
        place = _place(geocoder, r.best)
        assert place.display_uk() == "Андріївка — Бучанський р-н, Київська обл."
        assert place.katottg and place.katottg.startswith("UA3208")


def test_nothing_in_the_named_oblast_is_null(geocoder: OfflineGeocoder) -> None:
    assert geocoder.resolve("Бровари, Львівська область").best is None
    assert geocoder.resolve("Бровари, Львівська область").candidates == []
    assert geocoder.resolve("Балка, Донецька область").best is not None
    best = _place(geocoder, geocoder.resolve("Балка, Донецька область").best)
    assert best.country == "UA" and best.admin1 == "Donetsk Oblast"


def test_bare_village_name_is_a_question_with_candidates(geocoder: OfflineGeocoder) -> None:
    r = geocoder.resolve("Андріївка", limit=10)
    assert r.best is None and len(r.candidates) == 10
    shown = [_place(geocoder, i).display_uk() for i in r.candidates]
    assert all(
        s.startswith("Андріївка — ") and " р-н, " in s and s.endswith(" обл.") for s in shown
    )


@pytest.mark.parametrize(
    ("query", "oblast"),
    [
        ("Mykolaiv", "Mykolaiv Oblast"),
        ("Oleksandriia", "Kirovohrad Oblast"),
        ("Bucha", "Kyiv Oblast"),
    ],
)
def test_a_far_larger_city_is_still_the_answer(
    geocoder: OfflineGeocoder, query: str, oblast: str
) -> None:
    r = geocoder.resolve(query)
    assert r.best is not None
    place = _place(geocoder, r.best)
    assert (place.country, place.admin1, place.precision) == ("UA", oblast, "settlement")


@pytest.mark.parametrize(
    "query", ["Sloviansk", "Слов'янськ", "Слов’янськ", "Словʼянськ", "Словянськ"]
)
def test_official_name_outranks_historical_alternate(geocoder: OfflineGeocoder, query: str) -> None:
    place = _place(geocoder, geocoder.resolve(query).best)
    assert (place.name_uk, place.admin1) == ("Слов’янськ", "Donetsk Oblast")


@pytest.mark.parametrize(
    ("old", "today", "oblast"),
    [
        ("Dnipropetrovsk", "Дніпро", "Dnipropetrovsk Oblast"),
        ("Kirovohrad", "Кропивницький", "Kirovohrad Oblast"),
        ("Кіровоград", "Кропивницький", "Kirovohrad Oblast"),
        ("Artemivsk", "Бахмут", "Donetsk Oblast"),
        ("Новомосковськ", "Самар", "Dnipropetrovsk Oblast"),
        ("Krasnohrad", "Берестин", "Kharkiv Oblast"),
        ("Червоноград", "Шептицький", "Lviv Oblast"),
    ],
)
def test_renamed_places_resolve_to_todays_name(
    geocoder: OfflineGeocoder, old: str, today: str, oblast: str
) -> None:
    place = _place(geocoder, geocoder.resolve(old).best)
    assert (place.name_uk, place.admin1) == (today, oblast)


def test_near_ranks_the_nearby_namesake_first(geocoder: OfflineGeocoder) -> None:
    brovary = (50.511, 30.790)
    assert geocoder.resolve("Калинівка").best is None
    r = geocoder.resolve("Калинівка", near=brovary)
    place = _place(geocoder, r.best)
    assert (place.admin1, place.raion) == ("Kyiv Oblast", "Броварський")


def test_partner_country_never_over_an_exact_name_elsewhere(geocoder: OfflineGeocoder) -> None:
    assert _place(geocoder, geocoder.resolve("Kraków", prefer_country="DE").best).country == "PL"
    assert _place(geocoder, geocoder.resolve("Jena", prefer_country="DE").best).country == "DE"


@pytest.mark.parametrize("query", ["Atlantis City", "Nowhereville", "Xqzvwjkplm"])
def test_nonsense_is_null_not_a_faraway_guess(geocoder: OfflineGeocoder, query: str) -> None:
    assert geocoder.resolve(query).best is None


def test_places_without_own_coordinates_say_so(
    gazetteer: Gazetteer, geocoder: OfflineGeocoder
) -> None:
    r = geocoder.resolve("Андріївка, Бучанський р-н")
    place = _place(geocoder, r.best)
    assert place.precision in ("settlement", "hromada")
    precisions = {int(p) for p in gazetteer.precision[gazetteer.katottg != b""].tolist()}
    assert precisions <= {0, 1, 2}


def test_abroad_keeps_geonames_and_no_code(geocoder: OfflineGeocoder) -> None:
    place = _place(geocoder, geocoder.resolve("Jena").best)
    assert place.katottg is None and place.precision is None and place.country == "DE"


def test_api_geocode_gives_registry_fields(client, world) -> None:
    r = client.get(
        "/api/v1/geocode", params={"q": "Андріївка, Бучанський р-н"}, headers=world.h("brovary")
    )
    best = r.json()["best"]
    assert best["katottg"].startswith("UA3208") and best["raion"] == "Бучанський"
    assert best["hromada"] and best["precision"] in ("settlement", "hromada")
    assert best["display"] == "Андріївка — Бучанський р-н, Київська обл."
    r = client.get("/api/v1/geocode", params={"q": "Андріївка"}, headers=world.h("brovary"))
    body = r.json()
    assert body["best"] is None and len(body["alternatives"]) == 10


def test_api_geocode_near_an_organization(client, world) -> None:
    params = {"q": "Калинівка", "near": world.orgs["Brovary"]}
    best = client.get("/api/v1/geocode", params=params, headers=world.h("brovary")).json()["best"]
    assert best["raion"] == "Броварський"
    params = {"q": "Калинівка", "near": 999999}
    missing = client.get("/api/v1/geocode", params=params, headers=world.h("brovary"))
    assert missing.status_code == 404


def test_cli_prints_registry_fields(monkeypatch) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    result = CliRunner().invoke(app, ["geocode", "Андріївка, Бучанський р-н"])
    assert result.exit_code == 0, result.output
    assert "UA3208" in result.output and "Бучанський" in result.output
    ambiguous = CliRunner().invoke(app, ["geocode", "Андріївка"])
    assert ambiguous.exit_code == 2 and "Андріївка" in ambiguous.output
