"""The donation certificate: donor, recipient, goods, values, and the free-of-charge statement."""

from __future__ import annotations

import pytest

from tracker.documents import DonationCertificateData, render_donation_certificate

EXPECTED = {
    "en": [
        "Donation certificate",
        "Donor",
        "Recipient",
        "Sweden",
        "Ukraine",
        "Mar 14, 2024",
        "free of charge, humanitarian aid, not for sale",
        "90,000.00 EUR",
        "240,000.00 SEK",
        "150,000.00 UAH",
        "90,000.00 EUR; 240,000.00 SEK; 150,000.00 UAH",
        "For the donor",
        "For the recipient",
    ],
    "uk": [
        "Сертифікат дарування",
        "Дарувальник",
        "Отримувач",
        "Швеція",
        "Україна",
        "14 бер. 2024 р.",
        "безоплатно, гуманітарна допомога, не для продажу",
        "90 000,00 EUR",
        "240 000,00 SEK",
        "150 000,00 UAH",
        "90 000,00 EUR; 240 000,00 SEK; 150 000,00 UAH",
        "Від дарувальника",
        "Від отримувача",
    ],
    "de": ["Spendenbescheinigung", "unentgeltlich, humanitäre Hilfe, nicht zum Verkauf"],
    "sv": ["Gåvobevis", "kostnadsfritt, humanitärt bistånd, ej för försäljning"],
}


@pytest.mark.parametrize("lang", ["en", "uk", "de", "sv"])
def test_certificate_shows_every_field(
    certificate: DonationCertificateData, pdf_text, lang: str
) -> None:
    text = pdf_text(render_donation_certificate(certificate, lang=lang))
    given = [
        "DC-2024-0042",
        "WB-2024-000077",
        "Kalmar kommun",
        "Kalmar",
        "Полтавська міська територіальна громада",
        "Полтава",
        "Полтавська область",
        "Генератор 100 кВт",
        "Sjukhussängar, elektriska",
        "Ковдри",
        "300",
        "Åsa Öberg, kommunstyrelsens ordförande",
    ]
    for value in given + EXPECTED[lang]:
        assert value in text, f"{value!r} missing from the {lang} certificate"
