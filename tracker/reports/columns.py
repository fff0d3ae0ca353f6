"""The exported columns of each kind and their HXL hashtags.

Column names are the API's field names; the hashtags follow STANDARDS.md §1.5 (core HXL 1.1
where it has a word, custom attributes such as `+needed` or `+consignor` where it does not).
The importer reads the same table backwards, so a file exported with `?hxl=true` can be read
by its tags whatever its header row says.
"""

from __future__ import annotations

from typing import Literal

ExportKind = Literal["requests", "pledges", "shipments"]
ImportKind = Literal["requests", "pledges"]
EXPORT_KINDS: tuple[ExportKind, ...] = ("requests", "pledges", "shipments")
IMPORT_KINDS: tuple[ImportKind, ...] = ("requests", "pledges")

REQUEST_COLUMNS: list[tuple[str, str]] = [
    ("id", "#meta+id"),
    ("community_id", "#org+code+recipient"),
    ("community_name", "#org+name+recipient"),
    ("category", "#item+type"),
    ("item", "#item+name"),
    ("quantity", "#item+num+requested"),
    ("unit", "#item+unit"),
    ("priority", "#x_priority"),
    ("needed_by", "#date+end+needed"),
    ("destination", "#loc+name"),
    ("admin1", "#adm1+name"),
    ("latitude", "#geo+lat"),
    ("longitude", "#geo+lon"),
    ("justification", "#description"),
    ("status", "#status+code"),
    ("quantity_allocated", "#item+num+pledged"),
    ("quantity_shipped", "#item+num+dispatched"),
    ("quantity_delivered", "#item+num+received"),
    ("created_at", "#date+reported"),
]

PLEDGE_COLUMNS: list[tuple[str, str]] = [
    ("id", "#meta+id"),
    ("partner_id", "#org+code+funder"),
    ("partner_name", "#org+name+funder"),
    ("request_id", "#meta+id+request"),
    ("category", "#item+type"),
    ("item", "#item+name"),
    ("quantity", "#item+num+pledged"),
    ("unit", "#item+unit"),
    ("origin", "#loc+name+origin"),
    ("latitude", "#geo+lat+origin"),
    ("longitude", "#geo+lon+origin"),
    ("available_from", "#date+start+available"),
    ("value_amount", "#value+pledged"),
    ("currency", "#currency+code"),
    ("status", "#status+code"),
    ("quantity_allocated", "#item+num+allocated"),
    ("quantity_withdrawn", "#item+num+withdrawn"),
    ("quantity_available", "#item+num+available"),
    ("created_at", "#date+reported"),
]

SHIPMENT_COLUMNS: list[tuple[str, str]] = [
    ("line_id", "#meta+id"),
    ("shipment_id", "#meta+id+shipment"),
    ("reference", "#meta+id+waybill"),
    ("status", "#status+code"),
    ("community_id", "#org+code+consignee"),
    ("community_name", "#org+name+consignee"),
    ("destination", "#loc+name+dest"),
    ("destination_latitude", "#geo+lat+dest"),
    ("destination_longitude", "#geo+lon+dest"),
    ("partner_id", "#org+code+consignor"),
    ("partner_name", "#org+name+consignor"),
    ("request_id", "#meta+id+request"),
    ("pledge_id", "#meta+id+pledge"),
    ("item", "#item+name"),
    ("category", "#item+type"),
    ("quantity", "#item+num+dispatched"),
    ("unit", "#item+unit"),
    ("value_amount", "#value"),
    ("currency", "#currency+code"),
    ("carrier", "#org+name+transporter"),
    ("transport_document", "#x_transport+ref"),
    ("seal_numbers", "#x_transport+seal"),
    # Per shipment, repeated on each of its lines: not to be summed over lines.
    ("shipment_gross_weight_kg", "#x_weight+kg+shipment"),
    ("shipment_volume_m3", "#x_volume+m3+shipment"),
    ("dispatched_at", "#date+dispatched"),
    ("delivered_at", "#date+received"),
    ("receipt_code", "#meta+id+grn"),
    ("quantity_received", "#item+num+received"),
]

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "requests": REQUEST_COLUMNS,
    "pledges": PLEDGE_COLUMNS,
    "shipments": SHIPMENT_COLUMNS,
}
