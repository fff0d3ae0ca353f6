"""Curated places the GeoNames cities table lacks or names differently.

Border crossings (the app routes convoys through them) are not "cities" in GeoNames, and a few
partners are named after regions ("Region Gotland") or in forms that GeoNames does not carry.
Coordinates are those of the crossing itself (the road checkpoint), WGS-84.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtraPlace:
    name: str
    country: str
    admin1: str | None  # GeoNames admin1 code
    latitude: float
    longitude: float
    names: tuple[str, ...]  # other spellings, Latin and Cyrillic
    population: int = 0


# Road border crossings between Ukraine and its EU/Moldovan neighbours (UA side first).
BORDER_CROSSINGS: tuple[ExtraPlace, ...] = (
    ExtraPlace(
        "Shehyni–Medyka border crossing",
        "UA",
        "15",
        49.7983,
        22.9550,
        (
            "Shehyni checkpoint",
            "Shehyni border crossing",
            "Shehyni-Medyka",
            "Shehyni crossing",
            "Shegini checkpoint",
            "Medyka border crossing",
            "Medyka-Shehyni",
            "Medyka checkpoint",
            "КПП Шегині",
            "пункт пропуску Шегині",
            "Шегині-Медика",
            "МАПП Шегині",
            "Шегині кпп",
        ),
    ),
    ExtraPlace(
        "Krakovets–Korczowa border crossing",
        "UA",
        "15",
        49.9550,
        23.0965,
        (
            "Krakovets checkpoint",
            "Krakovets border crossing",
            "Krakovets-Korczowa",
            "Korczowa-Krakovets",
            "Korczowa border crossing",
            "Korczowa checkpoint",
            "КПП Краковець",
            "пункт пропуску Краковець",
            "Краковець-Корчова",
            "МАПП Краковець",
        ),
    ),
    ExtraPlace(
        "Yahodyn–Dorohusk border crossing",
        "UA",
        "24",
        51.1880,
        23.8250,
        (
            "Yahodyn",
            "Yagodin",
            "Jagodzin",
            "Yahodyn checkpoint",
            "Yahodyn border crossing",
            "Yahodyn-Dorohusk",
            "Dorohusk-Yahodyn",
            "Dorohusk border crossing",
            "Dorohusk checkpoint",
            "Ягодин",
            "КПП Ягодин",
            "пункт пропуску Ягодин",
            "МАПП Ягодин",
            "Ягодин-Дорогуськ",
        ),
    ),
    ExtraPlace(
        "Rava-Ruska–Hrebenne border crossing",
        "UA",
        "15",
        50.2530,
        23.5720,
        (
            "Rava-Ruska checkpoint",
            "Rava-Ruska border crossing",
            "Rava-Ruska-Hrebenne",
            "Hrebenne-Rava-Ruska",
            "Hrebenne border crossing",
            "Hrebenne checkpoint",
            "КПП Рава-Руська",
            "пункт пропуску Рава-Руська",
            "Рава-Руська-Гребенне",
        ),
    ),
    ExtraPlace(
        "Uzhhorod–Vyšné Nemecké border crossing",
        "UA",
        "25",
        48.6600,
        22.2450,
        (
            "Uzhhorod checkpoint",
            "Uzhhorod border crossing",
            "Uzhhorod-Vysne Nemecke",
            "Uzhhorod–Vyšné Nemecké",
            "Vyšné Nemecké",
            "Vysne Nemecke",
            "Vyshne Nemetske",
            "Vyšné Nemecké border crossing",
            "КПП Ужгород",
            "пункт пропуску Ужгород",
            "Ужгород-Вишнє Нємецьке",
            "Вишнє Нємецьке",
        ),
    ),
    ExtraPlace(
        "Porubne–Siret border crossing",
        "UA",
        "03",
        47.9790,
        26.0450,
        (
            "Porubne checkpoint",
            "Porubne border crossing",
            "Porubne-Siret",
            "Siret-Porubne",
            "Siret border crossing",
            "Siret checkpoint",
            "Порубне",
            "КПП Порубне",
            "пункт пропуску Порубне",
            "Порубне-Сірет",
        ),
    ),
    ExtraPlace(
        "Chop–Záhony border crossing",
        "UA",
        "25",
        48.4175,
        22.1905,
        (
            "Chop checkpoint",
            "Chop border crossing",
            "Chop-Zahony",
            "Tysa-Zahony",
            "Tysa checkpoint",
            "Záhony border crossing",
            "КПП Тиса",
            "пункт пропуску Тиса",
            "Тиса-Захонь",
            "КПП Чоп",
        ),
    ),
    ExtraPlace(
        "Ustyluh–Zosin border crossing",
        "UA",
        "24",
        50.8600,
        24.1420,
        (
            "Ustyluh checkpoint",
            "Ustyluh border crossing",
            "Ustyluh-Zosin",
            "Zosin-Ustyluh",
            "Zosin",
            "Zosin border crossing",
            "КПП Устилуг",
            "пункт пропуску Устилуг",
            "Устилуг-Зосін",
        ),
    ),
    ExtraPlace(
        "Palanca–Mayaky-Udobne border crossing",
        "MD",
        None,
        46.4110,
        30.0920,
        (
            "Palanca checkpoint",
            "Palanca border crossing",
            "Mayaky-Udobne",
            "Maiaky-Udobne",
            "Mayaky-Udobne checkpoint",
            "КПП Маяки-Удобне",
            "Маяки-Удобне-Паланка",
        ),
    ),
)

# Names GeoNames lacks for an existing place: (typed name, GeoNames name, country ISO2).
ALIASES: tuple[tuple[str, str, str], ...] = (
    ("Gotland", "Visby", "SE"),
    ("Region Gotland", "Visby", "SE"),
    ("Готланд", "Visby", "SE"),
    ("Falu", "Falun", "SE"),
    ("Корчова", "Korczowe", "PL"),
    ("Kraśnicki", "Kraśnik", "PL"),
    ("Krasnicki County", "Kraśnik", "PL"),
    ("Gnieźnieński", "Gniezno", "PL"),
    ("Grodziski", "Grodzisk Mazowiecki", "PL"),
    ("Kopychynitsi", "Kopychyntsi", "UA"),
    ("Кропивницький", "Kropyvnytskyi", "UA"),
    ("Київ", "Kyiv", "UA"),
    ("Одеса", "Odesa", "UA"),
    ("Запоріжжя", "Zaporizhzhya", "UA"),
)
