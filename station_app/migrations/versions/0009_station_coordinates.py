"""Station coordinates

The police station's latitude and longitude, for the sunset and sunrise of BNSS 43(5) (a woman is
not arrested between them save with the Magistrate's prior permission). Null until the SHO sets them:
the app then falls back to its per-state table.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 08:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("station") as batch:
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("station") as batch:
        batch.drop_column("longitude")
        batch.drop_column("latitude")
