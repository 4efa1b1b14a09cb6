"""Baseline: the results store exactly as ``Base.metadata.create_all`` created it before the
migrations (commit 77d2344); a database written then is stamped at this revision.

Revision ID: 0001
Revises:
Create Date: 2025-05-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NAME = 255
CHILDREN = ("exercise_scores", "checks", "misconceptions", "quiz_responses", "sandbox_events",
            "flags", "cell_runs")


def _child(table: str, *columns: sa.Column, unique: tuple[str, ...] = ()) -> None:
    """A table whose rows belong to one submission and are deleted with it."""
    constraints: list[sa.Constraint] = [sa.PrimaryKeyConstraint("id", name=f"pk_{table}")]
    if unique:
        constraints.append(sa.UniqueConstraint(*unique, name=f"uq_{table}_{'_'.join(unique)}"))
    constraints.append(sa.ForeignKeyConstraint(
        ["submission_id"], ["submissions.id"], name=f"fk_{table}_submission_id_submissions",
        ondelete="CASCADE"))
    op.create_table(table, sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("submission_id", sa.Integer(), nullable=False),
                    *columns, *constraints)
    op.create_index(f"ix_{table}_submission_id", table, ["submission_id"])


def _text(name: str, *, null: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=null)


def _name(name: str) -> sa.Column:
    return sa.Column(name, sa.String(length=NAME), nullable=False)


def _number(name: str) -> sa.Column:
    return sa.Column(name, sa.Double(), nullable=False)


def _integer(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        _name("assignment"), _name("student"),
        sa.Column("path", sa.String(length=4096), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        _number("score"), _number("max_score"), _text("error", null=True),
        sa.Column("sandbox", sa.String(length=32), nullable=False),
        _number("seconds"), _number("cpu_seconds"), _number("max_rss_mb"),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=False),
        _text("result"),
        sa.PrimaryKeyConstraint("id", name="pk_submissions"),
        sa.UniqueConstraint("assignment", "student", name="uq_submissions_assignment_student"))
    _child("exercise_scores", _name("exercise"), _number("score"), _number("max_score"),
           _text("error", null=True))
    _child("checks", _name("exercise"), _integer("position"), _name("name"),
           sa.Column("passed", sa.Boolean(), nullable=False), _number("points"),
           _number("max_points"), _text("message"),
           unique=("submission_id", "exercise", "position"))
    _child("misconceptions", _name("exercise"), _name("misconception"))
    op.create_index("ix_misconceptions_misconception", "misconceptions", ["misconception"])
    _child("quiz_responses", _name("item"), _text("response"), _number("points"),
           _number("max_points"))
    _child("sandbox_events", sa.Column("kind", sa.String(length=32), nullable=False),
           _text("detail"))
    _child("flags", _name("rule"), _name("cell"), _integer("line"), _text("code"))
    _child("cell_runs", _integer("position"), _name("cell"), _number("seconds"),
           _text("error", null=True), _text("note", null=True),
           unique=("submission_id", "position"))


def downgrade() -> None:
    for table in (*reversed(CHILDREN), "submissions"):
        op.drop_table(table)
