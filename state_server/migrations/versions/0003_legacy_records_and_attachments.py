"""digitised paper records: FIRs without a GD entry id, legacy arrests, scanned pages and their bytes

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 10:12:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # A paper FIR cites its GD entry as text (content.legacy.gd_reference), so gd_entry_id may be
    # null. On SQLite this rebuilds the table (ServerDatabase.migrate turns foreign keys off for it).
    with op.batch_alter_table("fir") as batch:
        batch.alter_column("gd_entry_id", existing_type=sa.String(length=36), nullable=True)
        batch.add_column(sa.Column("source", sa.String(length=12), server_default="station", nullable=False))
        batch.add_column(sa.Column("gd_reference", sa.String(length=200), nullable=True))
    # FIRs already on record say where they came from in their canonical content (no spaces).
    op.execute("""UPDATE fir SET source = 'efir' WHERE content LIKE '%"source":"efir"%'""")

    op.create_table(
        "legacy_arrest",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("arrested_at", sa.String(length=40), nullable=False),
        sa.Column("fir_id", sa.String(length=36), nullable=True),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_legacy_arrest_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_legacy_arrest_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legacy_arrest")),
        sa.UniqueConstraint(
            "station_code", "year", "number", name=op.f("uq_legacy_arrest_station_code_year_number")
        ),
    )
    op.create_table(
        "blob",
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", _BIG, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_blob_station_code_station")
        ),
        sa.PrimaryKeyConstraint("station_code", "sha256", name=op.f("pk_blob")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", _BIG, nullable=False),
        sa.Column("mime", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("attached_at", sa.String(length=40), nullable=False),
        sa.Column("attached_by", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_code", "sha256"],
            ["blob.station_code", "blob.sha256"],
            name=op.f("fk_attachment_station_code_blob"),
        ),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_attachment_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint(
            "sha256", "record_type", "record_id", name=op.f("uq_attachment_sha256_record_type_record_id")
        ),
    )
    op.create_index("ix_attachment_record", "attachment", ["record_type", "record_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_attachment_record", table_name="attachment")
    op.drop_table("attachment")
    op.drop_table("blob")
    op.drop_table("legacy_arrest")
    # Legacy FIRs have no GD entry id: never delete them to make the old schema fit.
    held = op.get_bind().execute(sa.text("SELECT count(*) FROM fir WHERE gd_entry_id IS NULL")).scalar()
    if held:
        raise RuntimeError(f"{held} digitised FIRs have no GD entry id; the schema cannot go below 0003")
    with op.batch_alter_table("fir") as batch:
        batch.drop_column("gd_reference")
        batch.drop_column("source")
        batch.alter_column("gd_entry_id", existing_type=sa.String(length=36), nullable=False)
