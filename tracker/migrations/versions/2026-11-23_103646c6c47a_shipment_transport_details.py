"""shipment transport details: driver, transport document, seals, gross weight and volume
(the waybill fields of STANDARDS.md §2.6). Text columns default to '' for existing rows.

Revision ID: 103646c6c47a
Revises: 201bfefeda0a
Create Date: 2026-11-23 17:14:23.236785
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision: str = '103646c6c47a'
down_revision: str | None = '201bfefeda0a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('driver_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('driver_phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('transport_document', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('seal_numbers', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('gross_weight_kg', sa.Numeric(precision=10, scale=1), nullable=True))
        batch_op.add_column(sa.Column('volume_m3', sa.Numeric(precision=8, scale=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_column('volume_m3')
        batch_op.drop_column('gross_weight_kg')
        batch_op.drop_column('seal_numbers')
        batch_op.drop_column('transport_document')
        batch_op.drop_column('driver_phone')
        batch_op.drop_column('driver_name')
