"""receipt copies: the SHA-256 of every receipt PDF handed out, so saved and printed copies
keep verifying at /verify after the drawing of receipts changes.

Revision ID: 3aa3240d4d12
Revises: 103646c6c47a
Create Date: 2026-11-23 17:32:33.174173
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision: str = '3aa3240d4d12'
down_revision: str | None = '103646c6c47a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('receipt_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipt.id'], name=op.f('fk_receipt_copy_receipt_id_receipt')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_copy')),
    sa.UniqueConstraint('sha256', name=op.f('uq_receipt_copy_sha256'))
    )
    with op.batch_alter_table('receipt_copy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_copy_receipt_id'), ['receipt_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('receipt_copy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_copy_receipt_id'))

    op.drop_table('receipt_copy')
