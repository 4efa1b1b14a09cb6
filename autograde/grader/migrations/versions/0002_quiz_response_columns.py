"""Quiz responses as the quiz engine grades them: lesson, kind, variant, the raw answer and how it
was read, the choices, score, misconceptions, the other variant it fits, error and feedback.
Old rows keep their values: response → answer, points → score, max_points → max_score.

Revision ID: 0002
Revises: 0001
Create Date: 2025-05-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLE = "quiz_responses"
INDEX = "ix_quiz_responses_item_variant"
COLUMNS = (  # name, type, nullable, what an old row gets
    ("lesson", sa.String(length=255), False, "''"),
    ("kind", sa.String(length=16), False, "'graded'"),
    ("variant", sa.Integer(), False, "0"),
    ("answer", sa.Text(), False, "response"),
    ("read_as", sa.Text(), True, "NULL"),
    ("chosen", sa.Text(), False, "'[]'"),
    ("score", sa.Double(), False, "points"),
    ("max_score", sa.Double(), False, "max_points"),
    ("misconceptions", sa.Text(), False, "'[]'"),
    ("other_variant", sa.Integer(), True, "NULL"),
    ("error", sa.Text(), True, "NULL"),
    ("feedback", sa.Text(), False, "''"),
)
OLD = (("response", sa.Text(), "answer"), ("points", sa.Double(), "score"),
       ("max_points", sa.Double(), "max_score"))


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        for name, kind, _null, _old in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.execute(f"UPDATE {TABLE} SET " + ", ".join(f"{name} = {old}"
                                                  for name, _kind, _null, old in COLUMNS))
    with op.batch_alter_table(TABLE) as batch:
        for name, _kind, _new in OLD:
            batch.drop_column(name)
        for name, kind, null, _old in COLUMNS:
            if not null:
                batch.alter_column(name, existing_type=kind, nullable=False)
        batch.create_index(INDEX, ["item", "variant"])


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_index(INDEX)
        for name, kind, _new in OLD:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.execute(f"UPDATE {TABLE} SET " + ", ".join(f"{name} = {new}" for name, _kind, new in OLD))
    with op.batch_alter_table(TABLE) as batch:
        for name, _kind, _null, _old in COLUMNS:
            batch.drop_column(name)
        for name, kind, _new in OLD:
            batch.alter_column(name, existing_type=kind, nullable=False)
