"""The restore drill, on SQLite and PostgreSQL: demo world, a filed receipt and its PDF, files;
back up, drop everything, restore; every row and every byte is back and the PDF verifies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tests.backup.conftest import column, drop_everything, read_archive, snapshot, tree
from tracker.auth.models import User
from tracker.auth.sessions import issue_api_token
from tracker.backup.service import create_backup, restore_backup, verify_backup
from tracker.demo import load_demo
from tracker.receipts import service as receipts
from tracker.receipts.models import ReceiptCreate, ReceiptLineIn
from tracker.shipments import service as shipments
from tracker.shipments.models import Shipment


def _file_receipt(session: Session) -> tuple[User, dict]:
    """The coordinator signs for the clothes Umeå dispatched to Kherson (still on the road)."""
    coordinator = session.exec(select(User).where(User.email == "coordinator@auc.demo")).one()
    shipment_id = session.exec(
        select(Shipment.id).where(Shipment.status == "dispatched").order_by(Shipment.id)
    ).first()
    assert shipment_id is not None
    detail = shipments.read(session, shipment_id, coordinator)
    receipt = receipts.file_receipt(
        session,
        shipment_id,
        ReceiptCreate(
            received_by="Oksana Melnyk",
            received_role="Head of the humanitarian hub",
            lines=[
                ReceiptLineIn(line_id=line.id, quantity_received=line.quantity - 1)
                for line in detail.lines
            ],
        ),
        coordinator,
    )
    return coordinator, {"id": receipt.id, "code": receipt.code, "sha256": receipt.sha256}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "scans" / "2026").mkdir(parents=True)
    (root / "scans" / "2026" / "every-byte.bin").write_bytes(bytes(range(256)) * 512)
    (root / "документи").mkdir()
    (root / "документи" / "акт приймання.txt").write_text("Акт № 7\n", encoding="utf-8")
    (root / "cache").mkdir()
    (root / "cache" / "gazetteer-0123.npz").write_bytes(b"regenerated on demand")
    (root / ".secret_key").write_text("development-secret-that-must-never-leave")
    return root


def test_restore_drill(client, session, settings, engine, data_dir, tmp_path):
    load_demo(settings)
    coordinator, receipt = _file_receipt(session)
    token = issue_api_token(session, coordinator.id, settings.secret_key, 60)  # type: ignore[arg-type]
    session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    pdf = client.get(f"/api/v1/receipts/{receipt['id']}.pdf?lang=uk", headers=auth)
    assert pdf.status_code == 200
    (data_dir / "receipts").mkdir()
    (data_dir / "receipts" / f"{receipt['code']}.pdf").write_bytes(pdf.content)

    before = snapshot(settings.database_url)
    files_before = tree(data_dir)
    assert before["receipt_copy"] and len(before["receipt"]) == 2
    archive = tmp_path / "backups" / "drill.tar.gz"
    manifest = create_backup(settings.database_url, data_dir, archive)

    assert verify_backup(archive)[1] == []
    assert manifest["source_engine"] == engine.dialect.name
    assert {name: entry["rows"] for name, entry in manifest["tables"].items()} == {
        name: len(rows) for name, rows in before.items()
    }
    members = read_archive(archive)
    assert "files/cache/gazetteer-0123.npz" not in members
    assert "files/.secret_key" not in members
    everything = b"".join(members.values())
    assert b"development-secret-that-must-never-leave" not in everything
    assert settings.secret_key.encode() not in everything
    assert archive.stat().st_mode & 0o077 == 0, "a backup holds personal data: owner only"

    # Disaster: the schema and the data folder are gone.
    engine.dispose()
    drop_everything(settings.database_url)
    shutil.rmtree(data_dir)

    result = restore_backup(settings.database_url, data_dir, archive)

    assert [(t.name, t.restored) for t in result.tables] == [
        (t.name, t.manifest) for t in result.tables
    ]
    assert snapshot(settings.database_url) == before
    kept = {k: v for k, v in files_before.items() if not k.startswith(("cache/", ".secret_key"))}
    assert tree(data_dir) == kept
    engine.dispose()

    saved = (data_dir / "receipts" / f"{receipt['code']}.pdf").read_bytes()
    verified = client.post(
        f"/verify/{receipt['code']}?lang=en",
        files={"pdf": ("receipt.pdf", saved, "application/pdf")},
    )
    assert verified.status_code == 200 and "This copy matches the original." in verified.text
    page = client.get(f"/verify/{receipt['code']}?lang=en")
    assert "Genuine receipt" in page.text and receipt["sha256"] in page.text


def test_restored_ids_continue_after_the_restored_rows(
    client, session, settings, new_database, tmp_path
):
    """PostgreSQL's sequences are reset: the next request gets a new id, not a conflict."""
    from tracker.db import make_engine
    from tracker.orgs.models import Organization
    from tracker.requests import service as requests
    from tracker.requests.models import RequestCreate

    load_demo(settings)
    archive = tmp_path / "b.tar.gz"
    create_backup(settings.database_url, tmp_path / "no-data", archive)
    target = new_database(session.get_bind().dialect.name)
    restore_backup(target, tmp_path / "restored", archive)

    restored = make_engine(target)
    try:
        with Session(restored, expire_on_commit=False) as s:
            coordinator = s.exec(select(User).where(User.email == "coordinator@auc.demo")).one()
            brovary = s.exec(select(Organization.id).where(Organization.name == "Brovary")).one()
            highest = max(
                row[column("aid_request", "id")] for row in snapshot(target)["aid_request"]
            )
            created = requests.create(
                s,
                RequestCreate(
                    community_id=brovary,
                    category="food",
                    item="Борошно",
                    quantity=10,
                    unit="kg",
                    priority="normal",
                    destination="Бровари",
                    justification="After the restore",
                ),
                coordinator,
            )
        assert created.id == highest + 1
    finally:
        restored.dispose()
