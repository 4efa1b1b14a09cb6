"""What the dashboard reads from the nbgrader course besides the results store: students'
names and submission timestamps from the gradebook (late submissions), and the audit of
nbgrader's in-kernel scores against the isolated ones.

Both are extras: a course whose nbgrader_config.py does not run, or whose gradebook cannot be
read, still gets its dashboard, and the page says what it could not read and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from autograde.course.audit import AuditError, AuditRow, audit, kernel_scores
from autograde.course.gradebook import gradebook_url
from autograde.course.layout import course_id, is_course
from autograde.grader.records import SubmissionResult
from autograde.grader.store import reason_of
from autograde.kit.text import Lang, Text

SAY = {
    "unreadable": Text(ja="{root} の nbgrader のコース（設定または gradebook）を読めないため、"
                          "{what}はありません: {reason}",
                       en="no {what}: cannot read the nbgrader course in {root} (its config or "
                          "gradebook): {reason}"),
    "gradebook": Text(ja="氏名と提出日時", en="names and submission times"),
    "audit": Text(ja="監査", en="audit"),
}


def unreadable(root: Path, what: str, error: Exception, lang: Lang) -> str:
    """Why part of the course could not be read (the error's own first line)."""
    reason = f"{type(error).__name__}: {reason_of(error)}"
    return SAY["unreadable"](lang, root=root, what=SAY[what](lang), reason=reason)


@dataclass(frozen=True)
class Submitted:
    """When nbgrader received a submission, and how late that was."""

    timestamp: datetime | None
    duedate: datetime | None
    """The assignment's due date, with the student's extension if any."""
    seconds_late: float

    @property
    def late(self) -> bool:
        return self.seconds_late > 0


@dataclass
class GradebookFacts:
    names: dict[str, str] = field(default_factory=dict)
    """Student id → their name where the gradebook has one."""
    submitted: dict[tuple[str, str], Submitted] = field(default_factory=dict)
    """(assignment, student) → timestamp and lateness."""
    duedates: dict[str, datetime] = field(default_factory=dict)
    found: bool = False
    """Whether the course has a gradebook at all."""
    problem: str | None = None
    """Why the gradebook could not be read."""


def _exists(url: str) -> bool:
    """False for a SQLite gradebook file that is not there (opening it would make one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return True
    return Path(parsed.database).is_file()


def full_name(first: str | None, last: str | None, lang: Lang) -> str:
    """The name as the page's language writes it: family name first in Japanese."""
    parts = (last, first) if lang == "ja" else (first, last)
    return " ".join(p for p in parts if p)


def gradebook_facts(root: Path | None, assignments: Sequence[str],
                    lang: Lang) -> GradebookFacts:
    """Names, due dates and submission timestamps from the course's nbgrader gradebook
    (nothing when ``root`` is no course or has no gradebook; why, when it cannot be read)."""
    facts = GradebookFacts()
    if root is None or not is_course(root):
        return facts
    try:
        _read_gradebook(facts, root, assignments, lang)
    except Exception as error:  # a config that does not run, a damaged gradebook: say so
        return GradebookFacts(problem=unreadable(root, "gradebook", error, lang))
    return facts


def _read_gradebook(facts: GradebookFacts, root: Path, assignments: Sequence[str],
                    lang: Lang) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    url = gradebook_url(root)
    if not _exists(url):
        return
    with Gradebook(url, course_id=course_id(root)) as gradebook:
        facts.found = True
        for student in gradebook.students:
            name = full_name(student.first_name, student.last_name, lang)
            if name:
                facts.names[student.id] = name
        for assignment in assignments:
            try:
                found = gradebook.find_assignment(assignment)
            except MissingEntry:
                continue
            if found.duedate is not None:
                facts.duedates[assignment] = found.duedate
            for submission in found.submissions:
                facts.submitted[assignment, submission.student.id] = Submitted(
                    submission.timestamp, submission.duedate, submission.total_seconds_late)


@dataclass(frozen=True)
class Audit:
    """The audit of one assignment, or why there is none."""

    assignment: str
    rows: list[AuditRow]
    compared: int
    missing: str | None = None
    """Why the audit could not run (no notebooks autograded by nbgrader)."""


def audits(root: Path | None, results: dict[str, list[SubmissionResult]],
           lang: Lang) -> list[Audit] | None:
    """The audit of every assignment (None when ``root`` is not an nbgrader course)."""
    if root is None or not is_course(root):
        return None
    found = []
    for assignment, isolated in results.items():
        try:
            kernel = kernel_scores(root, assignment, lang)
        except AuditError as missing:
            found.append(Audit(assignment, [], 0, str(missing)))
            continue
        except Exception as error:  # e.g. a config that does not run: say so
            found.append(Audit(assignment, [], 0, unreadable(root, "audit", error, lang)))
            continue
        found.append(Audit(assignment, audit(kernel, isolated), len(kernel)))
    return found
