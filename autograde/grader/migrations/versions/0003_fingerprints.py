"""Solution fingerprints: one row per hash of each exercise's winnowing fingerprint, indexed by
(exercise, hash) so that the submissions sharing a hash are found without reading the code.
Results stored before keep no fingerprints (a regrade with --force computes them).

Revision ID: 0003
Revises: 0002
Create Date: 2025-05-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLE = "fingerprints"
INDEX = "ix_fingerprints_exercise_hash"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(length=255), nullable=False),
        sa.Column("hash", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{TABLE}"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"],
                                name=f"fk_{TABLE}_submission_id_submissions",
                                ondelete="CASCADE"))
    with op.batch_alter_table(TABLE) as batch:
        batch.create_index(f"ix_{TABLE}_submission_id", ["submission_id"])
        batch.create_index(INDEX, ["exercise", "hash"])


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_index(INDEX)
        batch.drop_index(f"ix_{TABLE}_submission_id")
    op.drop_table(TABLE)
