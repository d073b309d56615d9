"""sync outbox, cursors and pulled reference data

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 09:40:57.172560
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ref_inbox_item",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("server_status", sa.String(length=16), nullable=False),
        sa.Column("local_status", sa.String(length=16), nullable=True),
        sa.Column("local_note", sa.Text(), nullable=True),
        sa.Column("local_changed_at", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_inbox_item")),
    )
    op.create_table(
        "ref_law_update",
        sa.Column("act", sa.String(length=16), nullable=False),
        sa.Column("section", sa.String(length=24), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("valid_from", sa.String(length=10), nullable=True),
        sa.Column("valid_to", sa.String(length=10), nullable=True),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_law_update")),
    )
    op.create_table(
        "ref_missing_person",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("missing_since", sa.String(length=10), nullable=True),
        sa.Column("reporting_station", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_missing_person")),
    )
    with op.batch_alter_table("ref_missing_person", schema=None) as batch_op:
        batch_op.create_index("ix_ref_missing_person_name", ["name"], unique=False)

    op.create_table(
        "ref_stolen_vehicle",
        sa.Column("registration_no", sa.String(length=20), nullable=False),
        sa.Column("vehicle_type", sa.String(length=40), nullable=False),
        sa.Column("make_model", sa.String(length=100), nullable=False),
        sa.Column("chassis_no", sa.String(length=40), nullable=False),
        sa.Column("engine_no", sa.String(length=40), nullable=False),
        sa.Column("fir_reference", sa.String(length=100), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_stolen_vehicle")),
    )
    with op.batch_alter_table("ref_stolen_vehicle", schema=None) as batch_op:
        batch_op.create_index("ix_ref_stolen_vehicle_registration_no", ["registration_no"], unique=False)

    op.create_table(
        "ref_wanted_person",
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("father_name", sa.String(length=200), nullable=False),
        sa.Column("case_reference", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_wanted_person")),
    )
    with op.batch_alter_table("ref_wanted_person", schema=None) as batch_op:
        batch_op.create_index("ix_ref_wanted_person_name", ["name"], unique=False)

    op.create_table(
        "sync_cursor",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("staging_cursor", sa.Text(), nullable=True),
        sa.Column("rebuilding", sa.Boolean(), nullable=False),
        sa.Column("resets", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_sync_cursor")),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("client_seq", sa.Integer(), nullable=False),
        sa.Column("aggregate_type", sa.String(length=32), nullable=False),
        sa.Column("aggregate_id", sa.String(length=64), nullable=False),
        sa.Column("op_name", sa.String(length=48), nullable=False),
        sa.Column("op_version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=True),
        sa.Column("created_at_device", sa.String(length=32), nullable=False),
        sa.Column("clock_offset_ms", sa.Integer(), nullable=True),
        sa.Column("clock_suspect", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.String(length=32), nullable=True),
        sa.Column("last_error_code", sa.String(length=48), nullable=True),
        sa.Column("last_error_detail", sa.Text(), nullable=True),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("acked_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("mutation_id", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("client_seq", name=op.f("uq_sync_outbox_client_seq")),
    )
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sync_outbox_aggregate", ["aggregate_type", "aggregate_id", "client_seq"], unique=False
        )
        batch_op.create_index("ix_sync_outbox_status_seq", ["status", "client_seq"], unique=False)

    op.create_table(
        "sync_staging",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "item_id", name=op.f("pk_sync_staging")),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(length=300), nullable=True),
        sa.Column("ca_bundle", sa.String(length=500), nullable=True),
        sa.Column("credential_name", sa.String(length=100), nullable=True),
        sa.Column("server_name", sa.String(length=200), nullable=True),
        sa.Column("enrolled_at", sa.String(length=32), nullable=True),
        sa.Column("clock_offset_ms", sa.Integer(), nullable=True),
        sa.Column("clock_checked_at", sa.String(length=32), nullable=True),
        sa.Column("last_attempt_at", sa.String(length=32), nullable=True),
        sa.Column("last_sync_at", sa.String(length=32), nullable=True),
        sa.Column("last_outcome", sa.String(length=32), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.String(length=32), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    op.drop_table("sync_staging")
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_outbox_status_seq")
        batch_op.drop_index("ix_sync_outbox_aggregate")

    op.drop_table("sync_outbox")
    op.drop_table("sync_cursor")
    with op.batch_alter_table("ref_wanted_person", schema=None) as batch_op:
        batch_op.drop_index("ix_ref_wanted_person_name")

    op.drop_table("ref_wanted_person")
    with op.batch_alter_table("ref_stolen_vehicle", schema=None) as batch_op:
        batch_op.drop_index("ix_ref_stolen_vehicle_registration_no")

    op.drop_table("ref_stolen_vehicle")
    with op.batch_alter_table("ref_missing_person", schema=None) as batch_op:
        batch_op.drop_index("ix_ref_missing_person_name")

    op.drop_table("ref_missing_person")
    op.drop_table("ref_law_update")
    op.drop_table("ref_inbox_item")
