"""person master, merges, photos, and the search index (persons FTS5, vehicles in FIRs)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:00:00.000000

``person_fts`` is an FTS5 table whose rowid is ``person.search_key`` (a stable integer the service
assigns), never ``person``'s own rowid, which VACUUM may renumber. The person service writes it in
the same transaction as the person. Two triggers queue every FIR whose content is set, so the search
service can pick vehicle registration numbers out of its property rows (SQLite has no regex).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Columns (all ASCII, written by station_app.core.names): names = normalised name parts of the name,
# the other-script name and aliases; keys = their phonetic keys; skel = the keys' consonant
# skeletons; relative = phonetic keys of the father's/husband's name; phone = each number and,
# prefixed "x", its digits reversed (so "the last four digits" is a prefix query); docs = ID
# document numbers other than Aadhaar.
PERSON_FTS = (
    "CREATE VIRTUAL TABLE person_fts USING fts5("
    "names, keys, skel, relative, phone, docs, tokenize = 'unicode61', prefix = '2 3')"
)
FIR_QUEUE_TRIGGERS = (
    "CREATE TRIGGER fir_search_queue_insert AFTER INSERT ON fir WHEN NEW.content IS NOT NULL "
    "BEGIN INSERT OR IGNORE INTO search_fir_pending (fir_id) VALUES (NEW.id); END",
    "CREATE TRIGGER fir_search_queue_update AFTER UPDATE OF content ON fir WHEN NEW.content IS NOT NULL "
    "BEGIN INSERT OR IGNORE INTO search_fir_pending (fir_id) VALUES (NEW.id); END",
)


def upgrade() -> None:
    op.create_table(
        "person_photo",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_person_photo")),
    )
    op.create_table(
        "search_fir_pending",
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("fir_id", name=op.f("pk_search_fir_pending")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("search_key", sa.Integer(), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
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
        sa.Column("photo_sha256", sa.String(length=64), nullable=True),
        sa.Column("merged_into", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["merged_into"], ["person.id"], name=op.f("fk_person_merged_into_person")),
        sa.ForeignKeyConstraint(
            ["photo_sha256"], ["person_photo.sha256"], name=op.f("fk_person_photo_sha256_person_photo")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("search_key", name=op.f("uq_person_search_key")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_merged_into", ["merged_into"], unique=False)

    op.create_table(
        "person_merge",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("keep_id", sa.String(length=36), nullable=False),
        sa.Column("duplicate_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("merged_at", sa.String(length=32), nullable=False),
        sa.Column("merged_by", sa.String(length=36), nullable=False),
        sa.Column("undone_at", sa.String(length=32), nullable=True),
        sa.Column("undone_by", sa.String(length=36), nullable=True),
        sa.Column("undo_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["duplicate_id"], ["person.id"], name=op.f("fk_person_merge_duplicate_id_person")
        ),
        sa.ForeignKeyConstraint(["keep_id"], ["person.id"], name=op.f("fk_person_merge_keep_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merge")),
    )
    with op.batch_alter_table("person_merge", schema=None) as batch_op:
        batch_op.create_index("ix_person_merge_duplicate_id", ["duplicate_id"], unique=False)

    op.create_table(
        "fir_vehicle",
        sa.Column("reg_no", sa.String(length=16), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("tail", sa.String(length=4), nullable=False),
        sa.Column("written", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_vehicle_fir_id_fir")),
        sa.PrimaryKeyConstraint("reg_no", "fir_id", name=op.f("pk_fir_vehicle")),
    )
    with op.batch_alter_table("fir_vehicle", schema=None) as batch_op:
        batch_op.create_index("ix_fir_vehicle_tail", ["tail"], unique=False)

    op.execute(PERSON_FTS)
    for trigger in FIR_QUEUE_TRIGGERS:
        op.execute(trigger)
    # FIRs registered before this version: queue them all; search indexes them in small batches.
    op.execute("INSERT INTO search_fir_pending (fir_id) SELECT id FROM fir WHERE content IS NOT NULL")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS fir_search_queue_update")
    op.execute("DROP TRIGGER IF EXISTS fir_search_queue_insert")
    op.execute("DROP TABLE IF EXISTS person_fts")
    with op.batch_alter_table("fir_vehicle", schema=None) as batch_op:
        batch_op.drop_index("ix_fir_vehicle_tail")

    op.drop_table("fir_vehicle")
    with op.batch_alter_table("person_merge", schema=None) as batch_op:
        batch_op.drop_index("ix_person_merge_duplicate_id")

    op.drop_table("person_merge")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_merged_into")

    op.drop_table("person")
    op.drop_table("search_fir_pending")
    op.drop_table("person_photo")
