"""list count indexes: (status, category) on requests and pledges, so the total of a filtered
list counts a compact index (PostgreSQL stores equal keys once) instead of the wide ordering
index, whose keys are all distinct.

Revision ID: b8c082bae122
Revises: 3aa3240d4d12
Create Date: 2026-11-23 18:30:19.293402
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b8c082bae122"
down_revision: str | None = "3aa3240d4d12"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("aid_request", schema=None) as batch_op:
        batch_op.create_index("ix_aid_request_status_category", ["status", "category"], unique=False)

    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.create_index("ix_pledge_status_category", ["status", "category"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.drop_index("ix_pledge_status_category")

    with op.batch_alter_table("aid_request", schema=None) as batch_op:
        batch_op.drop_index("ix_aid_request_status_category")
