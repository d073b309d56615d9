"""Keyed audit chain covering whole rows, anchored on the server

Audit entries get per-column digests of the row they pin and a flag for entries keyed with the
station's chain key (HMAC-SHA256); the sync state remembers the chain head the server holds. The
switch-over itself (the key, the first keyed entry, re-pinning every record's whole row) needs the
OS key store, so it runs when the station is next opened (``station_app.core.audit_switch``).
Entries written before it keep their plain SHA-256 hashes and verify as they are.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("after_columns", sa.Text(), nullable=True))
        batch.add_column(sa.Column("keyed", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("chain_anchor_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chain_anchor_mac", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("chain_anchor_problem", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("chain_anchor_problem")
        batch.drop_column("chain_anchor_mac")
        batch.drop_column("chain_anchor_seq")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("keyed")
        batch.drop_column("after_columns")
