"""The geopy interface, the public service functions, the Nominatim switch and the CLI."""

from __future__ import annotations

import pytest
import typer
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker.config import get_settings
from tracker.geo import service as geo
from tracker.geo.cli import geocode_command
from tracker.geo.gazetteer import normalize
from tracker.geo.geocoder import OfflineGeocoder


def test_geocode_returns_geopy_location(geocoder: OfflineGeocoder) -> None:
    location = geocoder.geocode("Brovary")
    assert isinstance(location, Location)
    assert isinstance(geocoder, Geocoder)
    assert location.raw["country"] == "UA"
    assert location.raw["admin1"] == "Kyiv Oblast"
    assert location.raw["population"] > 50_000
    assert location.address == "Brovary, Kyiv Oblast, UA"
    assert abs(location.latitude - 50.511) < 0.05 and abs(location.longitude - 30.79) < 0.05


def test_geocode_many(geocoder: OfflineGeocoder) -> None:
    found = geocoder.geocode("Novoselytsia", exactly_one=False, limit=4)
    assert isinstance(found, list) and 1 < len(found) <= 4
    assert all(isinstance(loc, Location) for loc in found)
    assert geocoder.geocode("Brovary", exactly_one=False)[0].raw["name"] == "Brovary"


def test_structured_query(geocoder: OfflineGeocoder) -> None:
    assert geocoder.geocode({"city": "Rockford", "state": "MI"}).raw["admin1"] == "Michigan"


@pytest.mark.parametrize(
    ("point", "name"),
    [
        ((50.5110, 30.7900), "Brovary"),
        ("50.9271, 11.5892", "Jena"),
        ((46.6354, 32.6169), "Kherson"),
        ((49.7983, 22.9550), "Shehyni–Medyka border crossing"),
    ],
)
def test_reverse_nearest(geocoder: OfflineGeocoder, point: object, name: str) -> None:
    location = geocoder.reverse(point)
    assert isinstance(location, Location)
    assert location.raw["name"] == name
    assert location.raw["distance_km"] < 3


def test_reverse_many_sorted(geocoder: OfflineGeocoder) -> None:
    found = geocoder.reverse((50.45, 30.52), exactly_one=False, limit=5)
    distances = [loc.raw["distance_km"] for loc in found]
    assert len(found) == 5 and distances == sorted(distances)


def test_service_geocode_and_search(geo_settings: None) -> None:
    place = geo.geocode("Бровари")
    assert isinstance(place, geo.Place)
    assert place.label() == "Brovary, Kyiv Oblast, UA"
    assert place.country == "UA" and place.population > 50_000
    assert geo.geocode("Shatsk", prefer_country="RU").country == "RU"
    results = geo.search("Novoselytsia", limit=3)
    assert len(results) == 3 and all(isinstance(p, geo.Place) for p in results)
    assert geo.search("Brov", limit=3)[0].name == "Brovary"  # completion for forms
    assert geo.geocode("Brov") is None  # ...but never for geocode
    assert geo.geocode("") is None and geo.geocode("   ") is None
    assert geo.search("") == [] and geo.search(" \t") == []
    assert geo.geocode("Xqzvwjkplm") is None


def test_label_hides_bare_codes() -> None:
    assert geo.Place("Höör", "SE", "27", 55.9, 13.5).label() == "Höör, SE"
    assert geo.Place("Kyiv", "UA", "Kyiv", 50.4, 30.5).label() == "Kyiv, UA"
    assert geo.Place("X", "UA", None, 50.4, 30.5).label() == "X, UA"


def test_offline_is_default(geo_settings: None) -> None:
    assert isinstance(geo.get_geocoder(), OfflineGeocoder)


def test_nominatim_switch_constructs_without_network(
    geo_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_GEOCODER", "nominatim")
    get_settings.cache_clear()
    geocoder = geo.get_geocoder()
    assert isinstance(geocoder, Geocoder) and not isinstance(geocoder, OfflineGeocoder)
    assert isinstance(geocoder.nominatim, Nominatim)
    assert geocoder.nominatim.headers["User-Agent"] == "tracker/0.1 (humanitarian aid logistics)"
    assert geocoder.nominatim.timeout == geo.NOMINATIM_TIMEOUT_S
    assert isinstance(geocoder._geocode, RateLimiter)
    assert geocoder._geocode.min_delay_seconds == 1.0


def test_place_from_nominatim_location() -> None:
    raw = {
        "name": "Бровари",
        "address": {"city": "Бровари", "state": "Київська область", "country_code": "ua"},
        "extratags": {"population": "109806"},
    }
    place = geo.place_from_location(Location("Бровари, Україна", (50.51, 30.79), raw))
    assert place == geo.Place("Бровари", "UA", "Київська область", 50.51, 30.79, 109806)


def test_cli(geo_settings: None) -> None:
    app = typer.Typer()
    app.command("geocode")(geocode_command)
    app.command("noop")(lambda: None)
    runner = CliRunner()
    ok = runner.invoke(app, ["geocode", "Бровари"])
    assert ok.exit_code == 0
    for text in ("Brovary", "UA", "Kyiv Oblast", "50.51097", "30.79106"):
        assert text in ok.output
    several = runner.invoke(app, ["geocode", "Rockford", "-n", "3"])
    assert several.exit_code == 0 and several.output.count("Rockford") >= 3
    missing = runner.invoke(app, ["geocode", "Xqzvwjkplm"])
    assert missing.exit_code == 1
    assert "No place found for 'Xqzvwjkplm'" in missing.output


def test_format_place_lines() -> None:
    text = geo.format_place_lines([geo.Place("Jena", "DE", "Thuringia", 50.92878, 11.5899, 1)])
    assert text == "Jena, Thuringia, DE  50.92878, 11.58990  pop 1"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Кам'янець-Подільський", "kamianets podilskyi"),
        ("Кам’янець-Подільський", "kamianets podilskyi"),
        ("Kam`ianets-Podil's'kyi", "kamianets podilskyi"),
        ("Бровари", "brovary"),
        ("Їжакевичі", "yizhakevychi"),
        ("Згурівка", "zghurivka"),
        ("Höör", "hoor"),
        ("  Frankfurt (Oder) ", "frankfurt oder"),
        ("ŁÓDŹ", "lodz"),
    ],
)
def test_normalize(raw: str, key: str) -> None:
    assert normalize(raw) == key


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_any_text_is_safe(geocoder: OfflineGeocoder, text: str) -> None:
    key = normalize(text)
    assert normalize(key) == key and key.isascii()
    result = geocoder.geocode(text, exactly_one=False, limit=3, complete=True)
    assert isinstance(result, list) and len(result) <= 3
