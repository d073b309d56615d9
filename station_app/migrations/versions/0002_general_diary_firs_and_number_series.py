"""general diary, FIRs and number series

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 09:32:35.177130
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_series",
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", "year", name=op.f("pk_number_series")),
    )
    op.create_table(
        "gd_entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("entry_at", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("officer_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=True),
        sa.Column("legacy", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"], name=op.f("fk_gd_entry_officer_id_officer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gd_entry")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_gd_entry_year_number")),
    )
    with op.batch_alter_table("gd_entry", schema=None) as batch_op:
        batch_op.create_index("ix_gd_entry_entry_at", ["entry_at"], unique=False)

    op.create_table(
        "fir",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("series", sa.String(length=8), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=True),
        sa.Column("registered_at", sa.String(length=32), nullable=True),
        sa.Column("registered_by", sa.String(length=36), nullable=True),
        sa.Column("gd_entry_id", sa.String(length=36), nullable=True),
        sa.Column("occurrence_from", sa.String(length=32), nullable=True),
        sa.Column("complainant_name", sa.String(length=200), nullable=False),
        sa.Column("accused_names", sa.Text(), nullable=False),
        sa.Column("sections_text", sa.Text(), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("efir_received_at", sa.String(length=32), nullable=True),
        sa.Column("informant_signed_at", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("draft", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["officer.id"], name=op.f("fk_fir_created_by_officer")),
        sa.ForeignKeyConstraint(["gd_entry_id"], ["gd_entry.id"], name=op.f("fk_fir_gd_entry_id_gd_entry")),
        sa.ForeignKeyConstraint(["registered_by"], ["officer.id"], name=op.f("fk_fir_registered_by_officer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir")),
        sa.UniqueConstraint("series", "year", "number", name=op.f("uq_fir_series_year_number")),
    )
    with op.batch_alter_table("fir", schema=None) as batch_op:
        batch_op.create_index("ix_fir_occurrence_from", ["occurrence_from"], unique=False)
        batch_op.create_index("ix_fir_register_order", ["year", "number", "id"], unique=False)
        batch_op.create_index("ix_fir_registered_at", ["registered_at"], unique=False)
        batch_op.create_index("ix_fir_status", ["status"], unique=False)

    op.create_table(
        "fir_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_event_fir_id_fir")),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"], name=op.f("fk_fir_event_officer_id_officer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir_event")),
        sa.UniqueConstraint("fir_id", "seq", name=op.f("uq_fir_event_fir_id_seq")),
    )
    op.create_table(
        "fir_section",
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("act", sa.String(length=16), nullable=False),
        sa.Column("section", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_section_fir_id_fir")),
        sa.PrimaryKeyConstraint("fir_id", "act", "section", name=op.f("pk_fir_section")),
    )
    with op.batch_alter_table("fir_section", schema=None) as batch_op:
        batch_op.create_index("ix_fir_section_lookup", ["act", "section"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fir_section", schema=None) as batch_op:
        batch_op.drop_index("ix_fir_section_lookup")

    op.drop_table("fir_section")
    op.drop_table("fir_event")
    with op.batch_alter_table("fir", schema=None) as batch_op:
        batch_op.drop_index("ix_fir_status")
        batch_op.drop_index("ix_fir_registered_at")
        batch_op.drop_index("ix_fir_register_order")
        batch_op.drop_index("ix_fir_occurrence_from")

    op.drop_table("fir")
    with op.batch_alter_table("gd_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_gd_entry_entry_at")

    op.drop_table("gd_entry")
    op.drop_table("number_series")
