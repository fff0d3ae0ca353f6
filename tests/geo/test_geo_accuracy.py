"""Geocoding accuracy: typed names -> true coordinates (within 10 km), namesakes, spellings."""

from __future__ import annotations

import pytest

from tracker.geo import service as geo
from tracker.geo.geocoder import OfflineGeocoder

MAX_ERROR_KM = 10.0

# (query, true latitude, true longitude, expected ISO2 country)
PLACES: list[tuple[str, float, float, str]] = [
    # --- the seed partnerships ---
    ("Brovary", 50.5110, 30.7900, "UA"),
    ("Бровари", 50.5110, 30.7900, "UA"),
    ("Jena", 50.9271, 11.5892, "DE"),
    ("Erlangen", 49.5897, 11.0078, "DE"),
    ("Fontenay-sous-Bois", 48.8517, 2.4772, "FR"),
    ("Rockford (Illinois)", 42.2711, -89.0940, "US"),
    ("Kalmar", 56.6634, 16.3568, "SE"),
    ("Kalmar kommun", 56.6634, 16.3568, "SE"),
    ("Poltava", 49.5883, 34.5514, "UA"),
    ("Falun", 60.6065, 15.6355, "SE"),
    ("Falu kommun", 60.6065, 15.6355, "SE"),
    ("Kolomyia", 48.5310, 25.0360, "UA"),
    ("Visby", 57.6348, 18.2948, "SE"),
    ("Region Gotland", 57.6348, 18.2948, "SE"),
    ("Beryslav", 46.8411, 33.4264, "UA"),
    ("Berislav", 46.8411, 33.4264, "UA"),
    ("Höör", 55.9362, 13.5430, "SE"),
    ("Höör kommun", 55.9362, 13.5430, "SE"),
    ("Kopychyntsi", 49.1000, 25.9100, "UA"),
    ("Kopychynitsi", 49.1000, 25.9100, "UA"),
    ("Jönköping", 57.7826, 14.1618, "SE"),
    ("Jönköpings kommun", 57.7826, 14.1618, "SE"),
    ("Berdychiv", 49.8993, 28.6025, "UA"),
    ("Karlskrona", 56.1612, 15.5869, "SE"),
    ("Chortkiv", 49.0171, 25.7980, "UA"),
    ("City of Chortkiv", 49.0171, 25.7980, "UA"),
    ("Lidingö", 59.3667, 18.1333, "SE"),
    ("Lidingö stad", 59.3667, 18.1333, "SE"),
    ("Slavuta", 50.3017, 26.8653, "UA"),
    ("Piteå", 65.3172, 21.4794, "SE"),
    ("Lutsk", 50.7472, 25.3254, "UA"),
    ("Ronneby", 56.2094, 15.2760, "SE"),
    ("Ternopil", 49.5535, 25.5948, "UA"),
    ("Umeå", 63.8258, 20.2630, "SE"),
    ("Kherson", 46.6354, 32.6169, "UA"),
    ("Cherson", 46.6354, 32.6169, "UA"),
    ("Västerås", 59.6099, 16.5448, "SE"),
    ("Västerås stad", 59.6099, 16.5448, "SE"),
    ("Shatsk, Volyn oblast", 51.4903, 23.9275, "UA"),
    ("Växjö", 56.8777, 14.8091, "SE"),
    ("Kalush", 49.0430, 24.3604, "UA"),
    ("Kyiv", 50.4501, 30.5234, "UA"),
    ("Sillamäe", 59.3997, 27.7639, "EE"),
    ("Gniezno", 52.5348, 17.5826, "PL"),
    ("Gniezno County", 52.5348, 17.5826, "PL"),
    ("Grodzisk Mazowiecki", 52.1097, 20.6251, "PL"),
    ("Kraśnik", 50.9247, 22.2205, "PL"),
    ("Santa Marinella", 42.0346, 11.8535, "IT"),
    ("Tonala, Mexico", 20.6237, -103.2343, "MX"),
    ("Hengyang", 26.8881, 112.5720, "CN"),
    ("Zhanjiang", 21.2707, 110.3594, "CN"),
    # --- oblast centres, Latin and Cyrillic ---
    ("Vinnytsia", 49.2331, 28.4682, "UA"),
    ("Вінниця", 49.2331, 28.4682, "UA"),
    ("Dnipro", 48.4647, 35.0462, "UA"),
    ("Дніпро", 48.4647, 35.0462, "UA"),
    ("Zhytomyr", 50.2547, 28.6587, "UA"),
    ("Житомир", 50.2547, 28.6587, "UA"),
    ("Zaporizhzhia", 47.8388, 35.1396, "UA"),
    ("Запоріжжя", 47.8388, 35.1396, "UA"),
    ("Uzhhorod", 48.6208, 22.2879, "UA"),
    ("Ужгород", 48.6208, 22.2879, "UA"),
    ("Ivano-Frankivsk", 48.9226, 24.7111, "UA"),
    ("Івано-Франківськ", 48.9226, 24.7111, "UA"),
    ("Kropyvnytskyi", 48.5079, 32.2623, "UA"),
    ("Кропивницький", 48.5079, 32.2623, "UA"),
    ("Lviv", 49.8397, 24.0297, "UA"),
    ("Львів", 49.8397, 24.0297, "UA"),
    ("Mykolaiv", 46.9750, 31.9946, "UA"),
    ("Миколаїв", 46.9750, 31.9946, "UA"),
    ("Odesa", 46.4825, 30.7233, "UA"),
    ("Одеса", 46.4825, 30.7233, "UA"),
    ("Odessa", 46.4825, 30.7233, "UA"),
    ("Rivne", 50.6199, 26.2516, "UA"),
    ("Рівне", 50.6199, 26.2516, "UA"),
    ("Sumy", 50.9077, 34.7981, "UA"),
    ("Суми", 50.9077, 34.7981, "UA"),
    ("Kharkiv", 49.9935, 36.2304, "UA"),
    ("Харків", 49.9935, 36.2304, "UA"),
    ("Khmelnytskyi", 49.4230, 26.9871, "UA"),
    ("Хмельницький", 49.4230, 26.9871, "UA"),
    ("Cherkasy", 49.4444, 32.0598, "UA"),
    ("Черкаси", 49.4444, 32.0598, "UA"),
    ("Chernivtsi", 48.2915, 25.9403, "UA"),
    ("Чернівці", 48.2915, 25.9403, "UA"),
    ("Chernihiv", 51.4982, 31.2893, "UA"),
    ("Чернігів", 51.4982, 31.2893, "UA"),
    ("Donetsk", 48.0159, 37.8029, "UA"),
    ("Luhansk", 48.5740, 39.3078, "UA"),
    ("Simferopol", 44.9521, 34.1024, "UA"),
    ("Полтава", 49.5883, 34.5514, "UA"),
    ("Тернопіль", 49.5535, 25.5948, "UA"),
    ("Луцьк", 50.7472, 25.3254, "UA"),
    ("Херсон", 46.6354, 32.6169, "UA"),
    ("Київ", 50.4501, 30.5234, "UA"),
    # --- smaller Ukrainian towns ---
    ("Bila Tserkva", 49.7988, 30.1153, "UA"),
    ("Біла Церква", 49.7988, 30.1153, "UA"),
    ("Drohobych", 49.3490, 23.5069, "UA"),
    ("Boryspil", 50.3527, 30.9550, "UA"),
    ("Бориспіль", 50.3527, 30.9550, "UA"),
    ("Irpin", 50.5218, 30.2506, "UA"),
    ("Bucha", 50.5435, 30.2123, "UA"),
    ("Fastiv", 50.0780, 29.9177, "UA"),
    ("Korosten", 50.9504, 28.6385, "UA"),
    ("Izmail", 45.3516, 28.8366, "UA"),
    ("Mukachevo", 48.4394, 22.7178, "UA"),
    ("Kovel", 51.2151, 24.7142, "UA"),
    ("Sambir", 49.5183, 23.1975, "UA"),
    ("Zhovkva", 50.0580, 23.9720, "UA"),
    ("Shostka", 51.8650, 33.4695, "UA"),
    ("Ніжин", 51.0480, 31.8869, "UA"),
    ("Умань", 48.7484, 30.2218, "UA"),
    ("Kamianets-Podilskyi", 48.6845, 26.5856, "UA"),
    ("Pereiaslav", 50.0650, 31.4450, "UA"),
    # --- border crossings and their villages ---
    ("Shehyni", 49.7950, 22.9650, "UA"),
    ("Shehyni checkpoint", 49.7983, 22.9550, "UA"),
    ("КПП Шегині", 49.7983, 22.9550, "UA"),
    ("Krakovets", 49.9580, 23.1590, "UA"),
    ("Krakovets checkpoint", 49.9550, 23.0965, "UA"),
    ("Rava-Ruska", 50.2320, 23.6220, "UA"),
    ("Medyka", 49.8050, 22.9280, "PL"),
    ("Korczowa", 49.9550, 23.0850, "PL"),
    ("Dorohusk", 51.1600, 23.8000, "PL"),
    ("Yahodyn", 51.1880, 23.8250, "UA"),
    # --- partner towns and hubs abroad ---
    ("Frankfurt", 50.1109, 8.6821, "DE"),
    ("Frankfurt (Oder)", 52.3471, 14.5506, "DE"),
    ("Frankfurt an der Oder", 52.3471, 14.5506, "DE"),
    ("Warszawa", 52.2297, 21.0122, "PL"),
    ("Варшава", 52.2297, 21.0122, "PL"),
    ("Kraków", 50.0647, 19.9450, "PL"),
    ("Краків", 50.0647, 19.9450, "PL"),
    ("Rzeszów", 50.0412, 21.9991, "PL"),
    ("Przemyśl", 49.7838, 22.7678, "PL"),
    ("Lublin", 51.2465, 22.5684, "PL"),
    ("Chełm", 51.1431, 23.4716, "PL"),
    ("München", 48.1351, 11.5820, "DE"),
    ("Wien", 48.2082, 16.3738, "AT"),
    ("Відень", 48.2082, 16.3738, "AT"),
    ("Praha", 50.0755, 14.4378, "CZ"),
    ("Košice", 48.7164, 21.2611, "SK"),
    ("Vilnius", 54.6872, 25.2797, "LT"),
    ("Tallinn", 59.4370, 24.7536, "EE"),
    ("Riga", 56.9496, 24.1052, "LV"),
    ("Chișinău", 47.0105, 28.8638, "MD"),
    ("Кишинів", 47.0105, 28.8638, "MD"),
    ("Suceava", 47.6514, 26.2556, "RO"),
    ("Berlin", 52.5200, 13.4050, "DE"),
    ("Stockholm", 59.3293, 18.0686, "SE"),
    ("Göteborg", 57.7089, 11.9746, "SE"),
    ("Paris", 48.8566, 2.3522, "FR"),
    ("Toronto", 43.6532, -79.3832, "CA"),
    ("Vancouver", 49.2827, -123.1207, "CA"),
]


@pytest.mark.parametrize(("query", "lat", "lon", "country"), PLACES, ids=[p[0] for p in PLACES])
def test_true_coordinates(
    geocoder: OfflineGeocoder, query: str, lat: float, lon: float, country: str
) -> None:
    location = geocoder.geocode(query)
    assert location is not None, query
    assert location.raw["country"] == country
    error = geo.distance_km((lat, lon), (location.latitude, location.longitude))
    assert error < MAX_ERROR_KM, f"{query}: {location.address} is {error:.1f} km off"


def test_table_is_big_enough() -> None:
    assert len({q for q, *_ in PLACES}) >= 60


# (query, expected country, expected admin1 name or code, true lat, true lon)
NAMESAKES: list[tuple[str, str, str, float, float]] = [
    ("Rockford, US", "US", "Illinois", 42.2711, -89.0940),
    ("Rockford, Illinois", "US", "Illinois", 42.2711, -89.0940),
    ("Rockford IL", "US", "Illinois", 42.2711, -89.0940),
    ("Rockford, Michigan", "US", "Michigan", 43.1200, -85.5600),
    ("Rockford, MN", "US", "Minnesota", 45.0883, -93.7344),
    ("Vancouver, WA", "US", "Washington", 45.6387, -122.6615),
    ("Vancouver, Canada", "CA", "British Columbia", 49.2827, -123.1207),
    ("Shatsk, Volyn", "UA", "Volyn Oblast", 51.4903, 23.9275),
    ("Шацьк, Волинська область", "UA", "Volyn Oblast", 51.4903, 23.9275),
    ("Shatsk, Russia", "RU", "62", 54.0237, 41.7170),
    ("Kalush, Ivano-Frankivsk oblast", "UA", "Ivano-Frankivsk Oblast", 49.0430, 24.3604),
    ("Калуш, Івано-Франківська область", "UA", "Ivano-Frankivsk Oblast", 49.0430, 24.3604),
    ("Kalush, Ukraine", "UA", "Ivano-Frankivsk Oblast", 49.0430, 24.3604),
    ("Novoselytsia, Chernivtsi oblast", "UA", "Chernivtsi Oblast", 48.2167, 26.2667),
    ("Новоселиця, Чернівецька обл.", "UA", "Chernivtsi Oblast", 48.2167, 26.2667),
    ("Bila Tserkva, Zakarpattia", "UA", "Zakarpattia Oblast", 47.9500, 23.8960),
    ("Frankfurt, Brandenburg", "DE", "Brandenburg", 52.3471, 14.5506),
    ("Frankfurt, Hessen", "DE", "Hesse", 50.1109, 8.6821),
    ("Jena, DE", "DE", "Thuringia", 50.9271, 11.5892),
    ("Jena, Німеччина", "DE", "Thuringia", 50.9271, 11.5892),
    ("Halifax, Canada", "CA", "Nova Scotia", 44.6488, -63.5752),
    ("Odessa, Texas", "US", "Texas", 31.8457, -102.3676),
    ("Odessa, USA", "US", "Texas", 31.8457, -102.3676),
    ("Berlin, New Jersey", "US", "New Jersey", 39.7912, -74.9291),
]


@pytest.mark.parametrize(
    ("query", "country", "admin1", "lat", "lon"), NAMESAKES, ids=[n[0] for n in NAMESAKES]
)
def test_namesakes_resolved_by_qualifier(
    geocoder: OfflineGeocoder, query: str, country: str, admin1: str, lat: float, lon: float
) -> None:
    location = geocoder.geocode(query)
    assert location is not None, query
    assert (location.raw["country"], location.raw["admin1"]) == (country, admin1)
    assert geo.distance_km((lat, lon), location.point[:2]) < MAX_ERROR_KM


def test_namesakes_exist_in_data(geocoder: OfflineGeocoder) -> None:
    """The qualifier tests above are meaningful: those names really are ambiguous."""
    for name in ("Rockford", "Shatsk", "Novoselytsia", "Frankfurt", "Vancouver", "Odessa"):
        found = geocoder.geocode(name, exactly_one=False, limit=10)
        assert len({(loc.raw["country"], loc.raw["admin1"]) for loc in found}) > 1, name


def test_country_qualifier_is_a_hard_filter(geocoder: OfflineGeocoder) -> None:
    assert geocoder.geocode("Lviv, Poland") is None
    assert geocoder.geocode("Lviv, Україна").raw["name"] == "Lviv"


def test_prefer_country_ranks_that_country_first(geocoder: OfflineGeocoder) -> None:
    assert geocoder.geocode("Shatsk", prefer_country="RU").raw["country"] == "RU"
    assert geocoder.geocode("Shatsk", prefer_country="UA").raw["country"] == "UA"
    assert geocoder.geocode("Odessa", prefer_country="US").raw["admin1"] == "Texas"
    assert geocoder.geocode("Vancouver", prefer_country="us").raw["country"] == "US"


def test_larger_place_preferred(geocoder: OfflineGeocoder) -> None:
    assert geocoder.geocode("Rockford").raw["admin1"] == "Illinois"
    assert geocoder.geocode("Frankfurt").raw["admin1"] == "Hesse"
    assert geocoder.geocode("Paris").raw["country"] == "FR"


KAMIANETS = (48.6845, 26.5856)


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "`", "‘", ""])
def test_apostrophe_forms(geocoder: OfflineGeocoder, apostrophe: str) -> None:
    location = geocoder.geocode(f"Кам{apostrophe}янець-Подільський")
    assert location is not None
    assert geo.distance_km(KAMIANETS, location.point[:2]) < MAX_ERROR_KM
    latin = geocoder.geocode(f"Kam{apostrophe}ianets-Podil{apostrophe}s{apostrophe}kyi")
    assert latin is not None and latin.raw["geonameid"] == location.raw["geonameid"]


@pytest.mark.parametrize(
    "query",
    [
        "м. Полтава",
        "м.Полтава",
        "місто Полтава",
        "Полтавська міська територіальна громада",
        "city of Poltava",
        "Poltava city",
        "POLTAVA",
        "  poltava  ",
        "Poltava, Ukraine",
        "Полтава, Україна",
        "Poltava, UA",
        "Poltava hromada",
    ],
)
def test_prefixes_case_and_country(geocoder: OfflineGeocoder, query: str) -> None:
    location = geocoder.geocode(query)
    assert location is not None, query
    assert location.raw["name"] == "Poltava" and location.raw["country"] == "UA"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("с. Шегині", "Shehyni"),
        ("смт Шацьк", "Shatsk"),
        ("селище Шацьк", "Shatsk"),
        ("Stadt Jena", "Jena"),
        ("Gmina Medyka", "Medyka"),
        ("Höörs kommun", "Höör"),
        ("Hoor", "Höör"),
        ("HÖÖR", "Höör"),
        ("hoor kommun", "Höör"),
        ("Vaxjo", "Växjö"),
        ("Jonkoping", "Jönköping"),
        ("Sillamae", "Sillamäe"),
        ("Krasnik", "Kraśnik"),
        ("Kyiv city", "Kyiv"),
        ("Kiev", "Kyiv"),
        ("Киев", "Kyiv"),
        ("Харьков", "Kharkiv"),
    ],
)
def test_spellings(geocoder: OfflineGeocoder, query: str, name: str) -> None:
    location = geocoder.geocode(query)
    assert location is not None, query
    assert location.raw["name"] == name


@pytest.mark.parametrize("query", ["", "   ", ",", "Xqzvwjkplm", "Lviv, Atlantis, Poland"])
def test_misses(geocoder: OfflineGeocoder, query: str) -> None:
    assert geocoder.geocode(query) is None
    assert geocoder.geocode(query, exactly_one=False) == []
