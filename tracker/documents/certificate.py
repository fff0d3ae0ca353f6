"""The donation (gift) certificate of a shipment: what the donor gave the recipient, and that
it was given free of charge, as humanitarian aid, not for sale (the wording customs and the
recipient's accounts look for)."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from tracker.documents.data import DonationCertificateData
from tracker.documents.layout import (
    CONTENT_WIDTH,
    Formatter,
    build_pdf,
    columns,
    data_table,
    esc,
    form_box,
    para,
    party_rows,
    signature_grid,
    styles,
)


def certificate_story(data: DonationCertificateData, fmt: Formatter) -> list[Flowable]:
    lab = fmt.labels
    st = styles()
    w = CONTENT_WIDTH

    story: list[Flowable] = [para(lab["certificate_title"], st.title), Spacer(1, 6)]
    captions = [lab["certificate_number"], lab["issued_on"]]
    values = [data.number, fmt.date(data.issued_on)]
    if data.place:
        captions.append(lab["place_of_issue"])
        values.append(data.place)
    if data.shipment_reference:
        captions.append(lab["shipment_reference"])
        values.append(data.shipment_reference)
    story.append(form_box(captions, [values], [w / len(values)] * len(values)))
    story.append(
        form_box(
            [lab["donor"], lab["recipient"]],
            columns(party_rows(fmt, data.donor), party_rows(fmt, data.recipient)),
            [w / 2, w / 2],
            bold_first=True,
        )
    )

    story += [
        Spacer(1, 10),
        para(lab["certificate_intro"], st.body),
        Spacer(1, 4),
        Paragraph(f"<b>{esc(lab['free_statement'])}</b>", st.big),
        Spacer(1, 8),
    ]

    widths = [f * w for f in (0.06, 0.46, 0.14, 0.12, 0.22)]
    rows: list[list[str | None]] = [
        [
            str(number),
            line.item,
            fmt.qty(line.quantity),
            lab.code("unit", line.unit),
            fmt.value(line.value_amount, line.currency),
        ]
        for number, line in enumerate(data.lines, start=1)
    ]
    totals = fmt.value_totals((ln.value_amount, ln.currency) for ln in data.lines)
    rows.append(["", lab["total_value"], totals, None, None])  # the total spans three columns
    table = data_table(
        [lab["no"], lab["item"], lab["quantity"], lab["unit"], lab["value"]],
        rows,
        widths,
        right_cols=(0, 2, 4),
        footer_rows=1,
    )
    story.append(table)

    story.append(
        KeepTogether(
            [
                Spacer(1, 12),
                para(lab["signatures"], st.h2),
                signature_grid(
                    fmt,
                    [
                        (lab["for_donor"], _signatory(data)),
                        (lab["for_recipient"], ""),
                    ],
                ),
            ]
        )
    )
    return story


def _signatory(data: DonationCertificateData) -> str:
    return ", ".join(p for p in (data.signatory_name, data.signatory_role) if p)


def render_donation_certificate(data: DonationCertificateData, lang: str = "en") -> bytes:
    """The donation certificate of one shipment as A4 PDF bytes."""
    fmt = Formatter(lang)
    return build_pdf(
        certificate_story(data, fmt),
        fmt,
        title=fmt.labels["certificate_title"],
        reference=data.number,
        generated_at=data.generated_at,
    )
