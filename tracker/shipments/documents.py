"""The shipment's papers: the waybill and the donation certificate, filled from the database."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from tracker.db import as_utc
from tracker.documents import (
    CertificateLine,
    DonationCertificateData,
    Party,
    WaybillData,
    WaybillLine,
    render_donation_certificate,
    render_waybill,
)
from tracker.orgs.models import Organization
from tracker.shipments.models import Shipment, ShipmentLine
from tracker.shipments.service import lines_of


def party(org: Organization | None, place: str | None = None) -> Party:
    if org is None:
        return Party(name="—")
    return Party(
        name=org.name, place=place or org.place, country=org.country, region=org.admin1 or ""
    )


def _consignor(session: Session, lines: list[ShipmentLine]) -> Party:
    """The sending partner; several partners on one shipment are named together."""
    names = sorted({line.partner_id for line in lines})
    orgs = [session.get(Organization, partner_id) for partner_id in names]
    if len(orgs) == 1:
        return party(orgs[0])
    return Party(
        name=", ".join(o.name for o in orgs if o), country=orgs[0].country if orgs[0] else ""
    )


def waybill_pdf(session: Session, shipment: Shipment, base_url: str, lang: str) -> bytes:
    lines = lines_of(session, shipment.id)  # type: ignore[arg-type]
    community = session.get(Organization, shipment.community_id)
    dispatched = as_utc(shipment.dispatched_at)
    data = WaybillData(
        reference=shipment.reference,
        consignor=_consignor(session, lines),
        consignee=party(community, shipment.destination),
        lines=[
            WaybillLine(
                item=line.item,
                category=line.category,
                quantity=line.quantity,
                unit=line.unit,
                value_amount=Decimal(line.value_amount) if line.value_amount is not None else None,
                currency=line.currency,
            )
            for line in lines
        ],
        status=shipment.status,
        dispatch_date=dispatched.date() if dispatched else None,
        carrier=shipment.carrier,
        vehicle=shipment.vehicle,
        declaration_code=shipment.declaration_code,
        driver_name=shipment.driver_name,
        driver_phone=shipment.driver_phone,
        transport_document=shipment.transport_document,
        seal_numbers=shipment.seal_numbers,
        gross_weight_kg=shipment.gross_weight_kg,
        volume_m3=shipment.volume_m3,
        qr_url=f"{base_url}/shipments/{shipment.id}",
        generated_at=as_utc(shipment.updated_at),
    )
    return render_waybill(data, lang)


def donation_certificate_pdf(session: Session, shipment: Shipment, lang: str) -> bytes:
    lines = lines_of(session, shipment.id)  # type: ignore[arg-type]
    community = session.get(Organization, shipment.community_id)
    created = as_utc(shipment.created_at)
    data = DonationCertificateData(
        number=shipment.reference,
        donor=_consignor(session, lines),
        recipient=party(community, shipment.destination),
        lines=[
            CertificateLine(
                item=line.item,
                quantity=line.quantity,
                unit=line.unit,
                value_amount=Decimal(line.value_amount) if line.value_amount is not None else None,
                currency=line.currency,
            )
            for line in lines
        ],
        issued_on=created.date(),  # type: ignore[union-attr]
        shipment_reference=shipment.reference,
        generated_at=as_utc(shipment.updated_at),
    )
    return render_donation_certificate(data, lang)
