"""stations, applied mutations, records and reference feeds

Revision ID: 0001
Revises:
Create Date: 2026-11-29 09:43:24.421524
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ref_item",
        sa.Column("feed", sa.String(length=80), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("feed", "id", name=op.f("pk_ref_item")),
    )
    op.create_index("ix_ref_item_feed_seq", "ref_item", ["feed", "seq"], unique=False)
    op.create_table(
        "rejected_mutation",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("client_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("op", sa.String(length=48), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=48), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejected_mutation")),
    )
    op.create_index("ix_rejected_mutation_station", "rejected_mutation", ["station_code", "id"], unique=False)
    op.create_table(
        "scope_state",
        sa.Column("feed", sa.String(length=80), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("feed", name=op.f("pk_scope_state")),
    )
    op.create_table(
        "station",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("enrol_code_hash", sa.String(length=64), nullable=True),
        sa.Column("enrol_code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("last_client_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("last_push_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_pull_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_station")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_station_token_hash")),
    )
    op.create_table(
        "applied_mutation",
        sa.Column(
            "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("client_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("aggregate_type", sa.String(length=32), nullable=False),
        sa.Column("aggregate_id", sa.String(length=64), nullable=False),
        sa.Column("op", sa.String(length=48), nullable=False),
        sa.Column("op_version", sa.Integer(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("device_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("clock_offset_ms", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("clock_suspect", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_applied_mutation_station_code_station")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_applied_mutation")),
        sa.UniqueConstraint("mutation_id", name=op.f("uq_applied_mutation_mutation_id")),
        sa.UniqueConstraint(
            "station_code", "client_seq", name=op.f("uq_applied_mutation_station_code_client_seq")
        ),
    )
    op.create_table(
        "fir",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("series", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("fir_no", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("registered_at", sa.String(length=40), nullable=False),
        sa.Column("gd_entry_id", sa.String(length=36), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["station_code"], ["station.code"], name=op.f("fk_fir_station_code_station")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir")),
        sa.UniqueConstraint(
            "station_code", "series", "year", "number", name=op.f("uq_fir_station_code_series_year_number")
        ),
    )
    op.create_table(
        "gd_entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("entry_at", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("officer_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=True),
        sa.Column("legacy", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_gd_entry_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gd_entry")),
        sa.UniqueConstraint(
            "station_code", "year", "number", name=op.f("uq_gd_entry_station_code_year_number")
        ),
    )
    op.create_table(
        "fir_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_event_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_fir_event_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fir_event")),
        sa.UniqueConstraint("fir_id", "seq", name=op.f("uq_fir_event_fir_id_seq")),
    )


def downgrade() -> None:
    op.drop_table("fir_event")
    op.drop_table("gd_entry")
    op.drop_table("fir")
    op.drop_table("applied_mutation")
    op.drop_table("station")
    op.drop_table("scope_state")
    op.drop_index("ix_rejected_mutation_station", table_name="rejected_mutation")
    op.drop_table("rejected_mutation")
    op.drop_index("ix_ref_item_feed_seq", table_name="ref_item")
    op.drop_table("ref_item")
