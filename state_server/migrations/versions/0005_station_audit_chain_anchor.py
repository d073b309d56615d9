"""the station's audit chain head, anchored by each push (issue 12)

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-05 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

_BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("station") as batch:
        batch.add_column(sa.Column("chain_seq", _BIG, nullable=True))
        batch.add_column(sa.Column("chain_mac", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("chain_anchored_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("station") as batch:
        batch.drop_column("chain_anchored_at")
        batch.drop_column("chain_mac")
        batch.drop_column("chain_seq")
