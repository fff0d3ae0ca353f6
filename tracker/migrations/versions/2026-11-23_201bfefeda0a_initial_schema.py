"""initial schema: organizations, partnerships, users, requests, pledges, allocations,
shipments with lines and events, receipts with lines, and the audit trail.

Revision ID: 201bfefeda0a
Revises: 
Create Date: 2026-11-23 15:28:04.251366
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision: str = '201bfefeda0a'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('organization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('admin1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('community', 'partner', 'coordinator')", name=op.f('ck_organization_kind')),
    sa.CheckConstraint('length(country) = 2', name=op.f('ck_organization_country_iso2')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization')),
    sa.UniqueConstraint('name', name=op.f('uq_organization_name'))
    )
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_admin1'), ['admin1'], unique=False)
        batch_op.create_index(batch_op.f('ix_organization_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_organization_kind'), ['kind'], unique=False)

    op.create_table('partnership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('registration_ref', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['organization.id'], name=op.f('fk_partnership_community_id_organization')),
    sa.ForeignKeyConstraint(['partner_id'], ['organization.id'], name=op.f('fk_partnership_partner_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership')),
    sa.UniqueConstraint('community_id', 'partner_id', name=op.f('uq_partnership_community_id_partner_id'))
    )
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_partner_id'), ['partner_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'coordinator', 'community', 'partner')", name=op.f('ck_user_account_role')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_user_account_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_account_role'), ['role'], unique=False)

    op.create_table('aid_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('priority', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('admin1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('justification', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('quantity_allocated', sa.Integer(), nullable=False),
    sa.Column('quantity_shipped', sa.Integer(), nullable=False),
    sa.Column('quantity_delivered', sa.Integer(), nullable=False),
    sa.Column('quantity_damaged', sa.Integer(), nullable=False),
    sa.Column('quantity_missing', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("category IN ('generator', 'heating', 'medical_equipment', 'medical_supplies', 'vehicle', 'shelter', 'water_sanitation', 'food', 'clothing', 'education', 'it_equipment', 'other')", name=op.f('ck_aid_request_category')),
    sa.CheckConstraint("priority IN ('critical', 'high', 'normal', 'low')", name=op.f('ck_aid_request_priority')),
    sa.CheckConstraint("status IN ('open', 'pledged', 'fulfilled', 'cancelled')", name=op.f('ck_aid_request_status')),
    sa.CheckConstraint("unit IN ('pcs', 'kg', 't', 'l', 'm3', 'box', 'pallet', 'set')", name=op.f('ck_aid_request_unit')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_aid_request_quantity_positive')),
    sa.CheckConstraint('quantity_allocated >= 0 AND quantity_allocated <= quantity', name=op.f('ck_aid_request_allocated_range')),
    sa.CheckConstraint('quantity_damaged >= 0 AND quantity_missing >= 0', name=op.f('ck_aid_request_discrepancies_nonnegative')),
    sa.CheckConstraint('quantity_delivered >= 0 AND quantity_delivered <= quantity_shipped', name=op.f('ck_aid_request_delivered_range')),
    sa.CheckConstraint('quantity_shipped >= 0 AND quantity_shipped <= quantity_allocated', name=op.f('ck_aid_request_shipped_range')),
    sa.ForeignKeyConstraint(['community_id'], ['organization.id'], name=op.f('fk_aid_request_community_id_organization')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_aid_request_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_request'))
    )
    with op.batch_alter_table('aid_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aid_request_admin1'), ['admin1'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_request_category'), ['category'], unique=False)
        batch_op.create_index('ix_aid_request_community_created', ['community_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_request_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_request_needed_by'), ['needed_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_aid_request_priority'), ['priority'], unique=False)
        batch_op.create_index('ix_aid_request_status_category_created', ['status', 'category', 'created_at', 'id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_entry_actor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_entry_entity_entity_id', ['entity', 'entity_id'], unique=False)

    op.create_table('shipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('destination_latitude', sa.Float(), nullable=True),
    sa.Column('destination_longitude', sa.Float(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('carrier', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('vehicle', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('declaration_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('last_location', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('last_latitude', sa.Float(), nullable=True),
    sa.Column('last_longitude', sa.Float(), nullable=True),
    sa.Column('last_event_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'dispatched', 'in_transit', 'at_customs', 'arrived', 'delivered', 'cancelled', 'lost', 'returned')", name=op.f('ck_shipment_status')),
    sa.ForeignKeyConstraint(['community_id'], ['organization.id'], name=op.f('fk_shipment_community_id_organization')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_shipment_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipment')),
    sa.UniqueConstraint('reference', name=op.f('uq_shipment_reference'))
    )
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.create_index('ix_shipment_community_created', ['community_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_shipment_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_shipment_status_created', ['status', 'created_at', 'id'], unique=False)

    op.create_table('pledge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('admin1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('value_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('quantity_allocated', sa.Integer(), nullable=False),
    sa.Column('quantity_withdrawn', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("category IN ('generator', 'heating', 'medical_equipment', 'medical_supplies', 'vehicle', 'shelter', 'water_sanitation', 'food', 'clothing', 'education', 'it_equipment', 'other')", name=op.f('ck_pledge_category')),
    sa.CheckConstraint("status IN ('offered', 'allocated', 'withdrawn')", name=op.f('ck_pledge_status')),
    sa.CheckConstraint("unit IN ('pcs', 'kg', 't', 'l', 'm3', 'box', 'pallet', 'set')", name=op.f('ck_pledge_unit')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_pledge_quantity_positive')),
    sa.CheckConstraint('quantity_allocated >= 0 AND quantity_withdrawn >= 0 AND quantity_allocated + quantity_withdrawn <= quantity', name=op.f('ck_pledge_allocated_range')),
    sa.CheckConstraint('value_amount IS NULL OR value_amount >= 0', name=op.f('ck_pledge_value_nonnegative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_pledge_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['partner_id'], ['organization.id'], name=op.f('fk_pledge_partner_id_organization')),
    sa.ForeignKeyConstraint(['request_id'], ['aid_request.id'], name=op.f('fk_pledge_request_id_aid_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge'))
    )
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_pledge_partner_created', ['partner_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pledge_request_id'), ['request_id'], unique=False)
        batch_op.create_index('ix_pledge_status_category_created', ['status', 'category', 'created_at', 'id'], unique=False)

    op.create_table('receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('received_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('received_role', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filed_by_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['filed_by_id'], ['user_account.id'], name=op.f('fk_receipt_filed_by_id_user_account')),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipment.id'], name=op.f('fk_receipt_shipment_id_shipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt')),
    sa.UniqueConstraint('code', name=op.f('uq_receipt_code')),
    sa.UniqueConstraint('sha256', name=op.f('uq_receipt_sha256')),
    sa.UniqueConstraint('shipment_id', name=op.f('uq_receipt_shipment_id'))
    )
    op.create_table('shipment_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'dispatched', 'in_transit', 'at_customs', 'arrived', 'delivered', 'cancelled', 'lost', 'returned')", name=op.f('ck_shipment_event_status')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_shipment_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipment.id'], name=op.f('fk_shipment_event_shipment_id_shipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipment_event'))
    )
    with op.batch_alter_table('shipment_event', schema=None) as batch_op:
        batch_op.create_index('ix_shipment_event_shipment_id_id', ['shipment_id', 'id'], unique=False)

    op.create_table('allocation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('quantity_delivered', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('active', 'shipped', 'delivered', 'released')", name=op.f('ck_allocation_status')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_allocation_quantity_positive')),
    sa.CheckConstraint('quantity_delivered IS NULL OR (quantity_delivered >= 0 AND quantity_delivered <= quantity)', name=op.f('ck_allocation_delivered_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_allocation_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_allocation_pledge_id_pledge')),
    sa.ForeignKeyConstraint(['request_id'], ['aid_request.id'], name=op.f('fk_allocation_request_id_aid_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocation'))
    )
    with op.batch_alter_table('allocation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allocation_pledge_id'), ['pledge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocation_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocation_status'), ['status'], unique=False)

    op.create_table('shipment_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('allocation_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('value_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_shipment_line_quantity_positive')),
    sa.ForeignKeyConstraint(['allocation_id'], ['allocation.id'], name=op.f('fk_shipment_line_allocation_id_allocation')),
    sa.ForeignKeyConstraint(['partner_id'], ['organization.id'], name=op.f('fk_shipment_line_partner_id_organization')),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledge.id'], name=op.f('fk_shipment_line_pledge_id_pledge')),
    sa.ForeignKeyConstraint(['request_id'], ['aid_request.id'], name=op.f('fk_shipment_line_request_id_aid_request')),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipment.id'], name=op.f('fk_shipment_line_shipment_id_shipment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipment_line'))
    )
    with op.batch_alter_table('shipment_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shipment_line_allocation_id'), ['allocation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shipment_line_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shipment_line_pledge_id'), ['pledge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shipment_line_request_id'), ['request_id'], unique=False)
        batch_op.create_index('ix_shipment_line_shipment_id', ['shipment_id'], unique=False)

    op.create_table('receipt_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('shipment_line_id', sa.Integer(), nullable=False),
    sa.Column('quantity_shipped', sa.Integer(), nullable=False),
    sa.Column('quantity_received', sa.Integer(), nullable=False),
    sa.Column('condition', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.CheckConstraint("condition IN ('good', 'damaged', 'missing')", name=op.f('ck_receipt_line_condition')),
    sa.CheckConstraint('quantity_received >= 0', name=op.f('ck_receipt_line_received_nonnegative')),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipt.id'], name=op.f('fk_receipt_line_receipt_id_receipt')),
    sa.ForeignKeyConstraint(['shipment_line_id'], ['shipment_line.id'], name=op.f('fk_receipt_line_shipment_line_id_shipment_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_line')),
    sa.UniqueConstraint('shipment_line_id', name=op.f('uq_receipt_line_shipment_line_id'))
    )
    with op.batch_alter_table('receipt_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_line_receipt_id'), ['receipt_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('receipt_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_line_receipt_id'))

    op.drop_table('receipt_line')
    with op.batch_alter_table('shipment_line', schema=None) as batch_op:
        batch_op.drop_index('ix_shipment_line_shipment_id')
        batch_op.drop_index(batch_op.f('ix_shipment_line_request_id'))
        batch_op.drop_index(batch_op.f('ix_shipment_line_pledge_id'))
        batch_op.drop_index(batch_op.f('ix_shipment_line_partner_id'))
        batch_op.drop_index(batch_op.f('ix_shipment_line_allocation_id'))

    op.drop_table('shipment_line')
    with op.batch_alter_table('allocation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allocation_status'))
        batch_op.drop_index(batch_op.f('ix_allocation_request_id'))
        batch_op.drop_index(batch_op.f('ix_allocation_pledge_id'))

    op.drop_table('allocation')
    with op.batch_alter_table('shipment_event', schema=None) as batch_op:
        batch_op.drop_index('ix_shipment_event_shipment_id_id')

    op.drop_table('shipment_event')
    op.drop_table('receipt')
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.drop_index('ix_pledge_status_category_created')
        batch_op.drop_index(batch_op.f('ix_pledge_request_id'))
        batch_op.drop_index('ix_pledge_partner_created')
        batch_op.drop_index(batch_op.f('ix_pledge_created_at'))
        batch_op.drop_index(batch_op.f('ix_pledge_category'))

    op.drop_table('pledge')
    with op.batch_alter_table('shipment', schema=None) as batch_op:
        batch_op.drop_index('ix_shipment_status_created')
        batch_op.drop_index(batch_op.f('ix_shipment_created_at'))
        batch_op.drop_index('ix_shipment_community_created')

    op.drop_table('shipment')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_entity_entity_id')
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))

    op.drop_table('audit_entry')
    with op.batch_alter_table('aid_request', schema=None) as batch_op:
        batch_op.drop_index('ix_aid_request_status_category_created')
        batch_op.drop_index(batch_op.f('ix_aid_request_priority'))
        batch_op.drop_index(batch_op.f('ix_aid_request_needed_by'))
        batch_op.drop_index(batch_op.f('ix_aid_request_created_at'))
        batch_op.drop_index('ix_aid_request_community_created')
        batch_op.drop_index(batch_op.f('ix_aid_request_category'))
        batch_op.drop_index(batch_op.f('ix_aid_request_admin1'))

    op.drop_table('aid_request')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_role'))
        batch_op.drop_index(batch_op.f('ix_user_account_organization_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_partner_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_community_id'))

    op.drop_table('partnership')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_kind'))
        batch_op.drop_index(batch_op.f('ix_organization_country'))
        batch_op.drop_index(batch_op.f('ix_organization_admin1'))

    op.drop_table('organization')
