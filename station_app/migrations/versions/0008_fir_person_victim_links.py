"""Victims linked to FIRs as persons

The person register's view of the FIR's ``victims`` links (role "victim", label "V1"), so that the
victims of sensitive FIRs can be withheld from officers without the need to know (issue 11 §1).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 08:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fir_person",
        sa.Column("fir_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["fir_id"], ["fir.id"], name=op.f("fk_fir_person_fir_id_fir")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_fir_person_person_id_person")),
        sa.PrimaryKeyConstraint("fir_id", "person_id", "role", name=op.f("pk_fir_person")),
    )
    with op.batch_alter_table("fir_person", schema=None) as batch_op:
        batch_op.create_index("ix_fir_person_person_id", ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fir_person", schema=None) as batch_op:
        batch_op.drop_index("ix_fir_person_person_id")
    op.drop_table("fir_person")
