"""Double entry of digitised records

A batch of digitised records keyed by one operator, each record's key items as stored and as
re-keyed by a second operator, and the differences with how each was resolved.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "double_entry_batch",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("first_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("second_by", sa.String(length=36), nullable=True),
        sa.Column("accepted_by", sa.String(length=36), nullable=True),
        sa.Column("accepted_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["accepted_by"], ["officer.id"], name=op.f("fk_double_entry_batch_accepted_by_officer")
        ),
        sa.ForeignKeyConstraint(
            ["first_by"], ["officer.id"], name=op.f("fk_double_entry_batch_first_by_officer")
        ),
        sa.ForeignKeyConstraint(
            ["second_by"], ["officer.id"], name=op.f("fk_double_entry_batch_second_by_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_double_entry_batch")),
    )
    op.create_table(
        "double_entry_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("source_reference", sa.String(length=300), nullable=False),
        sa.Column("first_values", sa.Text(), nullable=False),
        sa.Column("second_values", sa.Text(), nullable=True),
        sa.Column("second_by", sa.String(length=36), nullable=True),
        sa.Column("rekeyed_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["double_entry_batch.id"],
            name=op.f("fk_double_entry_item_batch_id_double_entry_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["second_by"], ["officer.id"], name=op.f("fk_double_entry_item_second_by_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_double_entry_item")),
        sa.UniqueConstraint(
            "batch_id",
            "record_type",
            "record_id",
            name=op.f("uq_double_entry_item_batch_id_record_type_record_id"),
        ),
        sa.UniqueConstraint("batch_id", "seq", name=op.f("uq_double_entry_item_batch_id_seq")),
    )
    op.create_table(
        "double_entry_mismatch",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("first_value", sa.Text(), nullable=False),
        sa.Column("second_value", sa.Text(), nullable=False),
        sa.Column("resolution", sa.String(length=8), nullable=True),
        sa.Column("resolved_by", sa.String(length=36), nullable=True),
        sa.Column("resolved_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["double_entry_batch.id"],
            name=op.f("fk_double_entry_mismatch_batch_id_double_entry_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["double_entry_item.id"],
            name=op.f("fk_double_entry_mismatch_item_id_double_entry_item"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["officer.id"], name=op.f("fk_double_entry_mismatch_resolved_by_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_double_entry_mismatch")),
        sa.UniqueConstraint("item_id", "field", name=op.f("uq_double_entry_mismatch_item_id_field")),
    )
    with op.batch_alter_table("double_entry_mismatch", schema=None) as batch_op:
        batch_op.create_index("ix_double_entry_mismatch_batch", ["batch_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("double_entry_mismatch", schema=None) as batch_op:
        batch_op.drop_index("ix_double_entry_mismatch_batch")

    op.drop_table("double_entry_mismatch")
    op.drop_table("double_entry_item")
    op.drop_table("double_entry_batch")
