"""persons (shared), arrests and their events, case diaries, seizures with malkhana items and custody movements

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 11:01:08
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
        "person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_alt", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("relative_name", sa.String(length=200), nullable=False),
        sa.Column("relative_relation", sa.String(length=16), nullable=False),
        sa.Column("dob", sa.String(length=10), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("age_on", sa.String(length=10), nullable=True),
        sa.Column("birth_year_est", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("present_address", sa.Text(), nullable=False),
        sa.Column("permanent_address", sa.Text(), nullable=False),
        sa.Column("phones", sa.Text(), nullable=False),
        sa.Column("id_documents", sa.Text(), nullable=False),
        sa.Column("merged_into", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("updated_by_station", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["merged_into"], ["person.id"], name=op.f("fk_person_merged_into_person")),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_person_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_index("ix_person_merged_into", "person", ["merged_into"], unique=False)
    op.create_index("ix_person_station_code", "person", ["station_code"], unique=False)

    op.create_table(
        "arrest",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("accused_code", sa.String(length=4), nullable=False),
        sa.Column("gd_entry_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("arrested_at", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("produced_at", sa.String(length=40), nullable=True),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_arrest_fir_id_fir")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_arrest_person_id_person")),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_arrest_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrest")),
        sa.UniqueConstraint(
            "fir_id", "person_id", "arrested_at", name=op.f("uq_arrest_fir_id_person_id_arrested_at")
        ),
    )
    op.create_table(
        "case_diary_entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.String(length=40), nullable=False),
        sa.Column("closed_at", sa.String(length=40), nullable=False),
        sa.Column("page_start", sa.Integer(), nullable=False),
        sa.Column("page_end", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_case_diary_entry_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_case_diary_entry_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_diary_entry")),
        sa.UniqueConstraint("fir_id", "seq", name=op.f("uq_case_diary_entry_fir_id_seq")),
    )
    op.create_table(
        "person_merge",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("keep_id", sa.String(length=36), nullable=False),
        sa.Column("duplicate_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("merged_at", sa.String(length=40), nullable=False),
        sa.Column("merged_by", sa.String(length=36), nullable=False),
        sa.Column("undone_at", sa.String(length=40), nullable=True),
        sa.Column("undone_by", sa.String(length=36), nullable=True),
        sa.Column("undone_station", sa.String(length=32), nullable=True),
        sa.Column("undo_reason", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["duplicate_id"], ["person.id"], name=op.f("fk_person_merge_duplicate_id_person")
        ),
        sa.ForeignKeyConstraint(["keep_id"], ["person.id"], name=op.f("fk_person_merge_keep_id_person")),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_person_merge_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merge")),
    )
    op.create_table(
        "seizure",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("gd_entry_id", sa.String(length=36), nullable=False),
        sa.Column("seized_at", sa.String(length=40), nullable=False),
        sa.Column("seized_from_person_id", sa.String(length=36), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_seizure_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["seized_from_person_id"], ["person.id"], name=op.f("fk_seizure_seized_from_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_seizure_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seizure")),
    )
    op.create_table(
        "arrest_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("arrest_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("until", sa.String(length=40), nullable=True),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["arrest_id"], ["arrest.id"], name=op.f("fk_arrest_event_arrest_id_arrest")),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_arrest_event_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrest_event")),
        sa.UniqueConstraint("arrest_id", "seq", name=op.f("uq_arrest_event_arrest_id_seq")),
    )
    op.create_table(
        "property_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seizure_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("item_no", sa.Integer(), nullable=False),
        sa.Column("malkhana_year", sa.Integer(), nullable=False),
        sa.Column("malkhana_no", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("seal", sa.String(length=60), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["seizure_id"], ["seizure.id"], name=op.f("fk_property_item_seizure_id_seizure")
        ),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_property_item_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property_item")),
        sa.UniqueConstraint("seizure_id", "item_no", name=op.f("uq_property_item_seizure_id_item_no")),
        sa.UniqueConstraint(
            "station_code",
            "malkhana_year",
            "malkhana_no",
            name=op.f("uq_property_item_station_code_malkhana_year_malkhana_no"),
        ),
    )
    op.create_table(
        "custody_movement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("property_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("from_location", sa.String(length=200), nullable=False),
        sa.Column("to_location", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("handed_over_by", sa.String(length=200), nullable=False),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["property_id"], ["property_item.id"], name=op.f("fk_custody_movement_property_id_property_item")
        ),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_custody_movement_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_movement")),
        sa.UniqueConstraint("property_id", "seq", name=op.f("uq_custody_movement_property_id_seq")),
    )


def downgrade() -> None:
    op.drop_table("custody_movement")
    op.drop_table("property_item")
    op.drop_table("arrest_event")
    op.drop_table("seizure")
    op.drop_table("person_merge")
    op.drop_table("case_diary_entry")
    op.drop_table("arrest")
    op.drop_index("ix_person_station_code", table_name="person")
    op.drop_index("ix_person_merged_into", table_name="person")
    op.drop_table("person")
