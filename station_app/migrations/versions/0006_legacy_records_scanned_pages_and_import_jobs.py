"""Legacy records, scanned pages and import jobs

Where each digitised record came from (register, volume, page), legacy arrests, scanned pages stored
once by SHA-256, and import jobs whose progress commits with each batch (so an import resumes).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 10:59:41.356326
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_blob")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("attached_at", sa.String(length=32), nullable=False),
        sa.Column("attached_by", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["attached_by"], ["officer.id"], name=op.f("fk_attachment_attached_by_officer")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["attachment_blob.sha256"], name=op.f("fk_attachment_sha256_attachment_blob")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint(
            "sha256", "record_type", "record_id", name=op.f("uq_attachment_sha256_record_type_record_id")
        ),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index("ix_attachment_record", ["record_type", "record_id"], unique=False)

    op.create_table(
        "import_job",
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("already_present", sa.Integer(), nullable=False),
        sa.Column("problem_rows", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("finished_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_import_job_officer_id_officer")
        ),
        sa.PrimaryKeyConstraint("file_sha256", name=op.f("pk_import_job")),
    )
    op.create_table(
        "legacy_source",
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("register", sa.String(length=120), nullable=False),
        sa.Column("volume", sa.String(length=40), nullable=False),
        sa.Column("page", sa.String(length=40), nullable=False),
        sa.Column("source_reference", sa.String(length=300), nullable=False),
        sa.Column("original_officer", sa.String(length=200), nullable=False),
        sa.Column("digitised_at", sa.String(length=32), nullable=False),
        sa.Column("digitised_by", sa.String(length=36), nullable=False),
        sa.Column("import_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["digitised_by"], ["officer.id"], name=op.f("fk_legacy_source_digitised_by_officer")
        ),
        sa.PrimaryKeyConstraint("record_type", "record_id", name=op.f("pk_legacy_source")),
    )
    with op.batch_alter_table("legacy_source", schema=None) as batch_op:
        batch_op.create_index("ix_legacy_source_import", ["import_sha256"], unique=False)

    op.create_table(
        "import_problem",
        sa.Column("job_sha256", sa.String(length=64), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(length=60), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_sha256"], ["import_job.file_sha256"], name=op.f("fk_import_problem_job_sha256_import_job")
        ),
        sa.PrimaryKeyConstraint("job_sha256", "row", "seq", name=op.f("pk_import_problem")),
    )
    op.create_table(
        "legacy_arrest",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("arrested_at", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relative_name", sa.String(length=200), nullable=False),
        sa.Column("sections_text", sa.Text(), nullable=False),
        sa.Column("fir_year", sa.Integer(), nullable=True),
        sa.Column("fir_number", sa.Integer(), nullable=True),
        sa.Column("fir_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_legacy_arrest_fir_id_fir")),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["officer.id"], name=op.f("fk_legacy_arrest_recorded_by_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legacy_arrest")),
        sa.UniqueConstraint("year", "number", name=op.f("uq_legacy_arrest_year_number")),
    )
    with op.batch_alter_table("legacy_arrest", schema=None) as batch_op:
        batch_op.create_index("ix_legacy_arrest_fir", ["fir_year", "fir_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("legacy_arrest", schema=None) as batch_op:
        batch_op.drop_index("ix_legacy_arrest_fir")

    op.drop_table("legacy_arrest")
    op.drop_table("import_problem")
    with op.batch_alter_table("legacy_source", schema=None) as batch_op:
        batch_op.drop_index("ix_legacy_source_import")

    op.drop_table("legacy_source")
    op.drop_table("import_job")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_record")

    op.drop_table("attachment")
    op.drop_table("attachment_blob")
