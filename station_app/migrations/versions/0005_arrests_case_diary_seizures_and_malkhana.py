"""Arrests, case diary, seizures, malkhana and preliminary enquiries

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 10:44:56.325617
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arrest",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("accused_code", sa.String(length=4), nullable=False),
        sa.Column("gd_entry_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("arrested_at", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("produced_at", sa.String(length=32), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_arrest_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["gd_entry_id"], ["gd_entry.id"], name=op.f("fk_arrest_gd_entry_id_gd_entry")
        ),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"], name=op.f("fk_arrest_officer_id_officer")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_arrest_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrest")),
        sa.UniqueConstraint(
            "fir_id", "person_id", "arrested_at", name=op.f("uq_arrest_fir_id_person_id_arrested_at")
        ),
    )
    with op.batch_alter_table("arrest", schema=None) as batch_op:
        batch_op.create_index("ix_arrest_status", ["status", "arrested_at"], unique=False)

    op.create_table(
        "case_diary_entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=False),
        sa.Column("page_start", sa.Integer(), nullable=False),
        sa.Column("page_end", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_case_diary_entry_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_case_diary_entry_officer_id_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_diary_entry")),
        sa.UniqueConstraint("fir_id", "seq", name=op.f("uq_case_diary_entry_fir_id_seq")),
    )
    op.create_table(
        "preliminary_enquiry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("gd_entry_id", sa.String(length=36), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("permitted_by", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("concluded_at", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=300), nullable=True),
        sa.Column("fir_id", sa.String(length=36), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_preliminary_enquiry_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["gd_entry_id"], ["gd_entry.id"], name=op.f("fk_preliminary_enquiry_gd_entry_id_gd_entry")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_preliminary_enquiry_officer_id_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preliminary_enquiry")),
    )
    op.create_table(
        "seizure",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("gd_entry_id", sa.String(length=36), nullable=False),
        sa.Column("seized_at", sa.String(length=32), nullable=False),
        sa.Column("seized_from_person_id", sa.String(length=36), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_seizure_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["gd_entry_id"], ["gd_entry.id"], name=op.f("fk_seizure_gd_entry_id_gd_entry")
        ),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"], name=op.f("fk_seizure_officer_id_officer")),
        sa.ForeignKeyConstraint(
            ["seized_from_person_id"], ["person.id"], name=op.f("fk_seizure_seized_from_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seizure")),
    )
    op.create_table(
        "arrest_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("arrest_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("until", sa.String(length=32), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["arrest_id"], ["arrest.id"], name=op.f("fk_arrest_event_arrest_id_arrest")),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_arrest_event_officer_id_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrest_event")),
        sa.UniqueConstraint("arrest_id", "seq", name=op.f("uq_arrest_event_arrest_id_seq")),
    )
    op.create_table(
        "property_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seizure_id", sa.String(length=36), nullable=False),
        sa.Column("item_no", sa.Integer(), nullable=False),
        sa.Column("malkhana_year", sa.Integer(), nullable=False),
        sa.Column("malkhana_no", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("seal", sa.String(length=60), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seizure_id"], ["seizure.id"], name=op.f("fk_property_item_seizure_id_seizure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property_item")),
        sa.UniqueConstraint(
            "malkhana_year", "malkhana_no", name=op.f("uq_property_item_malkhana_year_malkhana_no")
        ),
        sa.UniqueConstraint("seizure_id", "item_no", name=op.f("uq_property_item_seizure_id_item_no")),
    )
    op.create_table(
        "custody_movement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("property_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("from_location", sa.String(length=200), nullable=False),
        sa.Column("to_location", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("handed_over_by", sa.String(length=200), nullable=False),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_custody_movement_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["property_id"], ["property_item.id"], name=op.f("fk_custody_movement_property_id_property_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_movement")),
        sa.UniqueConstraint("property_id", "seq", name=op.f("uq_custody_movement_property_id_seq")),
    )


def downgrade() -> None:
    op.drop_table("custody_movement")
    op.drop_table("property_item")
    op.drop_table("arrest_event")
    op.drop_table("seizure")
    op.drop_table("preliminary_enquiry")
    op.drop_table("case_diary_entry")
    with op.batch_alter_table("arrest", schema=None) as batch_op:
        batch_op.drop_index("ix_arrest_status")

    op.drop_table("arrest")
