"""Words for the contract's vocabulary on pages (the API keeps the codes)."""

from __future__ import annotations

from collections.abc import Callable


def _(text: str) -> str:
    """Marks a msgid for extraction; translated when shown."""
    return text


LABELS: dict[str, dict[str, str]] = {
    "request_status": {
        "open": _("open"),
        "pledged": _("pledged"),
        "fulfilled": _("fulfilled"),
        "cancelled": _("cancelled"),
    },
    "pledge_status": {
        "offered": _("offered"),
        "allocated": _("allocated"),
        "withdrawn": _("withdrawn"),
    },
    "allocation_status": {
        "active": _("allocated, not shipped"),
        "shipped": _("on a shipment"),
        "delivered": _("delivered"),
        "released": _("handed back"),
    },
    "shipment_status": {
        "planned": _("planned"),
        "dispatched": _("dispatched"),
        "in_transit": _("in transit"),
        "at_customs": _("at customs"),
        "arrived": _("arrived"),
        "delivered": _("delivered"),
        "cancelled": _("cancelled"),
        "lost": _("lost"),
        "returned": _("returned"),
    },
    "category": {
        "generator": _("Generators"),
        "heating": _("Heating"),
        "medical_equipment": _("Medical equipment"),
        "medical_supplies": _("Medical supplies"),
        "vehicle": _("Vehicles"),
        "shelter": _("Shelter"),
        "water_sanitation": _("Water and sanitation"),
        "food": _("Food"),
        "clothing": _("Clothing"),
        "education": _("Education"),
        "it_equipment": _("IT equipment"),
        "other": _("Other"),
    },
    "unit": {
        "pcs": _("pcs"),
        "kg": _("kg"),
        "t": _("t"),
        "l": _("l"),
        "m3": _("m³"),
        "box": _("boxes"),
        "pallet": _("pallets"),
        "set": _("sets"),
    },
    "priority": {
        "critical": _("critical"),
        "high": _("high"),
        "normal": _("normal"),
        "low": _("low"),
    },
    "condition": {"good": _("good"), "damaged": _("damaged"), "missing": _("missing")},
    "role": {
        "admin": _("administrator"),
        "coordinator": _("coordinator"),
        "community": _("community staff"),
        "partner": _("partner staff"),
    },
}


def labeller(tr: Callable[[str], str]) -> Callable[[str, str | None], str]:
    """`label("shipment_status", "in_transit")` → "в дорозі" on a Ukrainian page."""

    def label(kind: str, value: str | None) -> str:
        if value is None:
            return "—"
        text = LABELS.get(kind, {}).get(value)
        return tr(text) if text else value

    return label
