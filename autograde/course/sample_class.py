"""A realistic class for a course made by ``autograde init``: what ``autograde demo`` grades.

:func:`plan_class` decides, from a seed, what every student hands in for every lesson;
:func:`write_class` writes it as nbgrader would have collected it
(``submitted/<student>/<lesson>/<lesson>.ipynb`` and ``timestamp.txt``, from the release
notebook of ``nbgrader generate_assignment``) and puts the students' names and the lessons' due
dates in nbgrader's gradebook. The class has

- correct work in several styles: the instructor's solution as typed by a student, and
  equivalent rewrites (:data:`~autograde.course.sample_code.STYLES`);
- each catalog misconception of the lessons at plausible rates (the classic ones more often,
  weaker students more often), written out as code (:mod:`autograde.course.mutant_code`);
  weaker students also leave the last exercises of a lesson as released;
- quiz answers: the key of the student's own variant mostly, the bank's wrong choices and
  wrong-rule values for some, a few left blank, and friends who copied a classmate's answers —
  right for the classmate's variant, not their own;
- a few broken notebooks (JSON cut off, a solution cell deleted), a few cheaters who patch the
  in-kernel grader, a pair of near-identical solutions (a renamed copy of an unusual solution),
  and some late submissions.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
import numpy as np

from autograde.catalog.exercises import EXERCISES
from autograde.course import sample_code
from autograde.course.gradebook import gradebook_url
from autograde.course.layout import TIMESTAMP_FILE, course_id
from autograde.course.mutant_code import mutant_code
from autograde.course.quiz_places import answer_source
from autograde.course.sample_sizes import DIGITS, LESSONS, MIN_STUDENTS, STUDENTS
from autograde.grader.program import (
    course_language,
    exercises_in,
    graded_functions,
    per_student_course,
    quiz_places,
)
from autograde.kit.quiz import Item, key
from autograde.kit.quiz.items import LETTERS
from autograde.kit.text import Lang, Text
from autograde.quiz.banks import Entry, Library, library

SEED = 20251006
SUBMITTED = "submitted"
"""nbgrader's folder of collected submissions (a course made by ``autograde init`` keeps
nbgrader's directory structure)."""
FIRST_DUE = datetime(2025, 10, 14, 14, 59, 59, tzinfo=timezone.utc)  # 23:59:59 in Tokyo
LESSON_WEEKS = 2

CLASSIC = {
    "step.sign": 3, "sigmoid.sign": 3, "sigmoid.unstable_form": 5, "relu.mask": 3,
    "neuron.no_bias": 3, "softmax.unstable": 8, "softmax.wrong_axis": 5,
    "sum_squared_error.no_half": 8, "sum_squared_error.mean": 3,
    "cross_entropy_error.no_epsilon": 8, "cross_entropy_error.labels_as_one_hot": 3,
    "output_delta.missing_derivative": 8, "middle_delta.no_transpose": 5,
    "middle_delta.missing_derivative": 3, "weight_update.transposed": 5, "bias_update.no_sum": 5,
    "train_step.stale_order": 6, "train_step.missing_derivative": 3,
    "iris_binary.probabilities": 5, "digits_mlp.one_hot": 3,
}
"""How much more often than the others (weight 1) a classic misconception is made."""
HARD = {"identity": 0.1, "step": 0.15, "relu": 0.15, "softmax": 0.35,
        "cross_entropy_error": 0.4, "middle_delta": 0.3, "weight_update": 0.3, "train_step": 0.4}
"""How often an average student gets an exercise wrong (others: :data:`USUAL`)."""
USUAL = 0.25
MODEL_SHARE = 0.5
"""Correct work: the instructor's solution this often, else one of the exercise's styles."""

KEY_BASE, KEY_ABILITY = 0.45, 0.5
"""P(a quiz answer is the key) = KEY_BASE + KEY_ABILITY * ability."""
QUIZ_BLANK = 0.03
PRACTICE_SKIPPED = 0.15
LATE = 0.07

SAY = {
    "copy_comment": Text(ja="自分で書きました", en="my own version"),
    "few": Text(ja="サンプルのクラスには {min} 人以上の学生が必要です（指定: {n}）",
                en="the sample class needs at least {min} students (asked for {n})"),
}

FAMILY = {
    "ja": ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
           "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "清水", "斎藤",
           "森", "池田", "橋本", "石川"],
    "en": ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
           "Martinez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
           "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Young"],
}
GIVEN = {
    "ja": ["陽翔", "蓮", "湊", "大和", "悠真", "蒼", "颯太", "樹", "大翔", "陸", "結衣", "陽菜",
           "葵", "凛", "芽依", "美咲", "さくら", "結菜", "花音", "莉子", "彩花", "真央", "優奈",
           "愛"],
    "en": ["Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Ava", "Elijah", "Sophia",
           "James", "Isabella", "William", "Mia", "Benjamin", "Charlotte", "Lucas", "Harper",
           "Henry", "Evelyn", "Theodore", "Aria", "Jack", "Luna", "Leo"],
}


@dataclass(frozen=True)
class Student:
    id: str
    given: str
    family: str
    ability: float
    """0..1: how likely the student gets an exercise or a quiz item right."""


@dataclass
class Work:
    """What one student hands in for one lesson."""

    student: str
    lesson: str
    code: dict[str, str] = field(default_factory=dict)
    """Exercise → the solution cell's source (absent: left as released)."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Exercise → ``model``, ``style``, ``blank``, ``unusual``, ``copy``, ``cheat`` or the id
    of the misconception written."""
    depends: set[str] = field(default_factory=set)
    """Exercises a style of this work calls (they must stay right)."""
    answers: dict[str, str | None] = field(default_factory=dict)
    """Quiz item → the raw answer (None: left blank)."""
    quiz_cheat: bool = False
    quiz_cheat_item: str | None = None
    """The answer cell that patches the in-kernel quiz grader."""
    broken: str | None = None
    """``truncated`` (the JSON cut off) or ``deleted:<cell id>``."""
    submitted: datetime = FIRST_DUE
    late: bool = False


@dataclass
class SampleClass:
    """The plan: who hands in what, and who plays which part."""

    course_id: str
    lang: Lang
    students: list[Student]
    lessons: tuple[str, ...]
    due: dict[str, datetime]
    work: dict[tuple[str, str], Work] = field(default_factory=dict)
    """(student, lesson) → their work."""
    roles: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Role → (student, lesson): ``cheat``, ``broken``, ``unusual``, ``copy``,
    ``variant_source``, ``variant_copy``."""

    def misconceptions(self) -> Counter[str]:
        """How many submissions contain each misconception (as planned)."""
        return Counter(kind for w in self.work.values() for kind in w.kinds.values()
                       if "." in kind)

    def spot_check(self, lesson: str, size: int = 5) -> list[str]:
        """Students of ``lesson`` for nbgrader's in-kernel grading: its cheaters first, then
        honest students with readable notebooks, by id."""
        cheaters = [s for s, w in self.roles.get("cheat", []) if w == lesson]
        honest = [s.id for s in self.students if s.id not in cheaters
                  and self.work[s.id, lesson].broken is None]
        return sorted([*cheaters, *honest][:size])


@dataclass(frozen=True)
class Lesson:
    """What the sample class needs to know about one lesson of the course."""

    id: str
    exercises: list[str]
    names: dict[str, tuple[str, ...]]
    """Exercise → the function names its test cell checks."""
    model: dict[str, str]
    """Exercise → the instructor's solution as a student would type it."""
    quiz: list[str]
    graded: set[str]
    """Quiz items with a grade cell (the others are practice)."""
    variants_course: str | None
    """The course id the setup cell gives quiz_variants (None: everyone has variant 0)."""


def read_lesson(root: Path, lesson: str) -> Lesson:
    source = nbformat.read(next((root / "source" / lesson).glob("*.ipynb")), as_version=4)
    exercises = exercises_in(source)
    names = {e: tuple(graded_functions(source).get(e) or EXERCISES[e].function_names)
             for e in exercises}
    model = {c.id.removesuffix("-solution"): sample_code.written_out(c.source)
             for c in source.cells if c.get("id", "").endswith("-solution")}
    graded = {c.id.removeprefix("quiz-").removesuffix("-check") for c in source.cells
              if c.get("id", "").startswith("quiz-") and c.get("id", "").endswith("-check")}
    return Lesson(lesson, exercises, names, model, quiz_places(source), graded,
                  per_student_course(source))


def instructor_solutions(root: Path) -> dict[str, str]:
    """Exercise → the instructor's solution as typed, from every lesson of the course."""
    found = {}
    for path in sorted((root / "source").glob("*/*.ipynb")):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            cell_id = cell.get("id", "")
            if cell_id.endswith("-solution"):
                source = cell["source"]
                text = source if isinstance(source, str) else "".join(source)
                found[cell_id.removesuffix("-solution")] = sample_code.written_out(text)
    return found


# --- quiz answers ------------------------------------------------------------------------------

def _number(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_number(v) for v in value) + "]"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.6g}"


def wrong_answer(item: Item, rng: random.Random) -> str:
    """A readable answer that is not the key: one of the bank's wrong choices (those that
    name a misconception twice as often), a wrong-answer rule's value, or a near miss."""
    right = key(item)
    if item.type in ("single", "multiple"):
        wrong = [i for i, c in enumerate(item.choices) if not c.correct]
        weights = [2 if item.choices[i].misconception else 1 for i in wrong]
        return LETTERS[rng.choices(wrong, weights)[0]]
    if item.type == "true-false":
        return "false" if item.answer else "true"
    if item.type in ("numeric", "numeric-array"):
        if item.wrong:
            return _number(rng.choice(item.wrong).answer)
        return _number((np.asarray(item.answer) + 1).tolist())
    if item.type == "text":
        return "?" + right
    if item.type == "ordering":
        return ",".join(reversed(right.split(",")))
    pairs = right.split(",")
    letters = [p.split("-")[1] for p in pairs]
    return ",".join(f"{p.split('-')[0]}-{letters[i - 1]}" for i, p in enumerate(pairs))


def _variant(banks: Library, item: str, student: str, lesson: Lesson) -> int:
    if lesson.variants_course is None:
        return 0
    return banks.items[item].variant_of(student, lesson.variants_course)


def _answers(banks: Library, lesson: Lesson, student: Student, rng: random.Random,
             always_right: bool = False) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for item_id in lesson.quiz:
        practice = item_id not in lesson.graded
        if not always_right and rng.random() < (PRACTICE_SKIPPED if practice else QUIZ_BLANK):
            found[item_id] = None
            continue
        entry, variant = banks.items[item_id], _variant(banks, item_id, student.id, lesson)
        right = always_right or rng.random() < KEY_BASE + KEY_ABILITY * student.ability
        found[item_id] = key(entry.resolved(variant)) if right else _mistaken(entry, variant, rng)
    return found


def _mistaken(entry: Entry, variant: int, rng: random.Random, tries: int = 5) -> str:
    """A wrong answer that is not, by chance, another variant's key (in the demo, the answers
    right for another variant are the copied ones)."""
    for _ in range(tries):
        said = wrong_answer(entry.resolved(variant), rng)
        if entry.check(said, variant).other_variant is None:
            break
    return said


# --- solutions ----------------------------------------------------------------------------------

def _misconception(exercise: str, rng: random.Random, unused: list[str]) -> str:
    """Every misconception once (in a random order) before the weighted draws."""
    if unused:
        return unused.pop()
    found = [m.id for m in EXERCISES[exercise].misconceptions]
    return rng.choices(found, [CLASSIC.get(m, 1) for m in found])[0]


def _mistake(exercise: str, misconception: str, lesson: Lesson,
             solutions: dict[str, str], rng: random.Random) -> str:
    """The misconception as an edit of the instructor's solution, else the catalog's mutant
    written out (each student's in their own way)."""
    return sample_code.edited(lesson.model[exercise], misconception) or mutant_code(
        exercise, misconception, lesson.names[exercise], solutions, seed=rng.randrange(2**31))


def _solutions(work: Work, lesson: Lesson, student: Student, rng: random.Random,
               unused: dict[str, list[str]], solutions: dict[str, str]) -> None:
    """Fill ``work.code`` for the exercises nobody decided on yet (roles come first)."""
    last = lesson.exercises[-max(1, len(lesson.exercises) // 3):]
    weakness = 1 - student.ability
    for exercise in lesson.exercises:
        if exercise in work.kinds:
            continue
        if exercise in last and rng.random() < 0.6 * weakness ** 2:
            work.kinds[exercise] = "blank"
            continue
        if rng.random() < min(0.8, 2 * HARD.get(exercise, USUAL) * weakness + 0.02):
            wrong = _misconception(exercise, rng, unused.setdefault(exercise, []))
            work.kinds[exercise] = wrong
            work.code[exercise] = _mistake(exercise, wrong, lesson, solutions, rng)
            continue
        right = {e for e, k in work.kinds.items() if k in ("model", "style", "unusual", "copy")}
        styles = [s for s in sample_code.STYLES.get(exercise, ()) if set(s.uses) <= right]
        if styles and rng.random() > MODEL_SHARE:
            style = rng.choice(styles)
            work.kinds[exercise], work.code[exercise] = "style", style.source
            work.depends.update(style.uses)
        else:
            work.kinds[exercise], work.code[exercise] = "model", lesson.model[exercise]


# --- roles --------------------------------------------------------------------------------------

class _Cast:
    """Picks students for the roles of one lesson: weak or strong ones, each at most once."""

    def __init__(self, students: list[Student], rng: random.Random) -> None:
        self.rng, self.used = rng, set()
        ranked = sorted(students, key=lambda s: s.ability)
        self.weak, self.strong = ranked[:len(ranked) // 2], ranked[len(ranked) // 2:]

    def pick(self, strong: bool = False, fits=lambda s: True) -> Student | None:
        pool = [s for s in (self.strong if strong else self.weak)
                if s.id not in self.used and fits(s)]
        if not pool:
            return None
        chosen = self.rng.choice(pool)
        self.used.add(chosen.id)
        return chosen


def _cheat(plan: SampleClass, work: Work, lesson: Lesson, how: str) -> None:
    if how == "quiz":
        work.quiz_cheat = True
    else:
        exercise = "relu" if "relu" in lesson.exercises else lesson.exercises[-1]
        name = lesson.names[exercise][0]
        params = EXERCISES[exercise].signature.partition("(")[2].partition(")")[0]
        write = sample_code.grader_patch if how == "patch" else sample_code.fake_module
        work.code[exercise] = write(EXERCISES[exercise].max_score, name, params)
        work.kinds[exercise] = "cheat"
    plan.roles.setdefault("cheat", []).append((work.student, work.lesson))


def _variant_copy(plan: SampleClass, cast: _Cast, banks: Library, lesson: Lesson,
                  works: dict[str, Work], rng: random.Random) -> None:
    """A weak student hands in a strong friend's quiz answers: the friend's variant's keys."""
    varied = [i for i in lesson.graded if banks.items[i].item.variants > 1]
    if not varied or lesson.variants_course is None:
        return
    copier = cast.pick()
    if copier is None:
        return

    def differs(friend: Student) -> bool:
        return any(_variant(banks, i, friend.id, lesson) != _variant(banks, i, copier.id, lesson)
                   for i in varied)

    friend = cast.pick(strong=True, fits=differs)
    if friend is None:
        return
    works[friend.id].answers = _answers(banks, lesson, friend, rng, always_right=True)
    works[copier.id].answers = dict(works[friend.id].answers)
    plan.roles.setdefault("variant_source", []).append((friend.id, lesson.id))
    plan.roles.setdefault("variant_copy", []).append((copier.id, lesson.id))


def _code_copy(plan: SampleClass, cast: _Cast, lesson: Lesson, works: dict[str, Work]) -> None:
    """A strong student's unusual solutions, and a weak one's renamed copy of them."""
    exercises = [e for e in lesson.exercises if e in sample_code.UNUSUAL]
    author, copier = cast.pick(strong=True), cast.pick()
    if not exercises or author is None or copier is None:
        return
    comment = SAY["copy_comment"](plan.lang)
    for exercise in exercises:
        source = sample_code.UNUSUAL[exercise]
        works[author.id].code[exercise], works[author.id].kinds[exercise] = source, "unusual"
        works[copier.id].code[exercise] = sample_code.renamed_copy(source, comment)
        works[copier.id].kinds[exercise] = "copy"
    plan.roles.setdefault("unusual", []).append((author.id, lesson.id))
    plan.roles.setdefault("copy", []).append((copier.id, lesson.id))


ROLES = {
    "01_neuron": ("cheat:patch", "cheat:quiz", "variant_copy", "broken:deleted"),
    "03_loss": ("cheat:fake", "code_copy", "broken:truncated"),
    "05_backprop": ("variant_copy", "broken:truncated"),
    DIGITS: ("broken:truncated",),
}
"""Who else is in each lesson, besides honest students."""


def _cast_lesson(plan: SampleClass, lesson: Lesson, banks: Library, rng: random.Random) -> None:
    works = {s.id: plan.work[s.id, lesson.id] for s in plan.students}
    cast = _Cast(plan.students, rng)
    for role in ROLES.get(lesson.id, ()):
        kind, _, how = role.partition(":")
        if kind == "cheat" and (student := cast.pick()):
            _cheat(plan, works[student.id], lesson, how)
        elif kind == "broken" and (student := cast.pick()):
            middle = lesson.exercises[len(lesson.exercises) // 2]
            works[student.id].broken = "truncated" if how == "truncated" \
                else f"deleted:{middle}-solution"
            plan.roles.setdefault("broken", []).append((student.id, lesson.id))
        elif kind == "variant_copy":
            _variant_copy(plan, cast, banks, lesson, works, rng)
        elif kind == "code_copy":
            _code_copy(plan, cast, lesson, works)


def _when(due: datetime, rng: random.Random, late: bool) -> datetime:
    if late:
        return due + timedelta(hours=rng.uniform(0.5, 40))
    return due - timedelta(hours=rng.expovariate(1 / 20))


def _students(n: int, lang: Lang, rng: random.Random) -> list[Student]:
    names = [(g, f) for f in FAMILY[lang] for g in GIVEN[lang]]
    chosen = rng.sample(names, n) if n <= len(names) else [
        names[i % len(names)] for i in range(n)]
    return [Student(f"s{25001 + i}", given, family, round(rng.betavariate(4, 1.8), 3))
            for i, (given, family) in enumerate(chosen)]


def plan_class(root: Path, lessons: tuple[str, ...] = LESSONS, students: int = STUDENTS,
               seed: int = SEED) -> SampleClass:
    """What each of ``students`` students hands in for each of ``lessons`` of the course at
    ``root`` (after ``nbgrader generate_assignment``); the same seed gives the same class."""
    if students < MIN_STUDENTS:
        raise ValueError(SAY["few"]("en", min=MIN_STUDENTS, n=students))
    rng = random.Random(seed)
    banks = library(root)
    first = nbformat.read(next((root / "source" / lessons[0]).glob("*.ipynb")), as_version=4)
    lang = course_language(first)
    plan = SampleClass(course_id(root), lang, _students(students, lang, rng), lessons,
                       {lesson: FIRST_DUE + timedelta(weeks=LESSON_WEEKS * i)
                        for i, lesson in enumerate(lessons)})
    solutions = instructor_solutions(root)
    for lesson_id in lessons:
        lesson = read_lesson(root, lesson_id)
        for student in plan.students:
            plan.work[student.id, lesson_id] = Work(student.id, lesson_id)
        _cast_lesson(plan, lesson, banks, rng)
        unused = {e: rng.sample([m.id for m in EXERCISES[e].misconceptions],
                                len(EXERCISES[e].misconceptions)) for e in lesson.exercises}
        for student in plan.students:
            work = plan.work[student.id, lesson_id]
            _solutions(work, lesson, student, rng, unused, solutions)
            if not work.answers:
                work.answers = _answers(banks, lesson, student, rng)
            if work.quiz_cheat:  # a wrong answer, and the in-kernel quiz grader patched
                item = next(i for i in lesson.quiz if i in lesson.graded)
                variant = _variant(banks, item, student.id, lesson)
                work.answers[item] = _mistaken(banks.items[item], variant, rng)
                work.quiz_cheat_item = item
            work.late = rng.random() < LATE
            work.submitted = _when(plan.due[lesson_id], rng, work.late)
        _cover(plan, lesson, unused, solutions, rng)
    return plan


def _cover(plan: SampleClass, lesson: Lesson, unused: dict[str, list[str]],
           solutions: dict[str, str], rng: random.Random) -> None:
    """Every misconception of the lesson at least once: the weakest students who got an
    exercise right make the ones nobody made (as long as enough students are left who do not
    depend on it: the weaker third at most)."""
    weakest = sorted(plan.students, key=lambda s: s.ability)[:len(plan.students) // 3]
    for exercise, missing in unused.items():
        for student in weakest:
            if not missing:
                break
            work = plan.work[student.id, lesson.id]
            if work.kinds.get(exercise) == "model" and not work.broken and \
                    exercise not in work.depends:
                wrong = missing.pop()
                work.kinds[exercise] = wrong
                work.code[exercise] = _mistake(exercise, wrong, lesson, solutions, rng)


# --- writing ------------------------------------------------------------------------------------

def _notebook(release: str, work: Work) -> str:
    """The release notebook (its JSON text) as ``work`` hands it in."""
    notebook = json.loads(release)
    cells = []
    for cell in notebook["cells"]:
        cell_id = cell.get("id", "")
        exercise = cell_id.removesuffix("-solution")
        if cell_id.endswith("-solution") and exercise in work.code:
            cell["source"] = work.code[exercise]
        item = cell.get("metadata", {}).get("autograde", {}).get("quiz")
        if item and cell_id.endswith("-answer") and work.answers.get(item) is not None:
            cell["source"] = answer_source(item, work.answers[item])
            if item == work.quiz_cheat_item:
                cell["source"] = sample_code.quiz_patch(cell["source"])
        if work.broken != f"deleted:{cell_id}":
            cells.append(cell)
    notebook["cells"] = cells
    text = json.dumps(notebook, ensure_ascii=False) + "\n"  # no indent: the C encoder
    return text[:len(text) * 3 // 5] if work.broken == "truncated" else text


def write_class(root: Path, plan: SampleClass) -> int:
    """Write every submission of ``plan`` into the course at ``root`` and the students and due
    dates into its gradebook; returns how many notebooks were written."""
    written = 0
    for lesson in plan.lessons:
        release_path = next((root / "release" / lesson).glob("*.ipynb"))
        release = release_path.read_text("utf-8")
        for student in plan.students:
            work = plan.work[student.id, lesson]
            folder = root / SUBMITTED / student.id / lesson
            folder.mkdir(parents=True, exist_ok=True)
            (folder / release_path.name).write_text(_notebook(release, work), "utf-8")
            (folder / TIMESTAMP_FILE).write_text(
                work.submitted.strftime("%Y-%m-%d %H:%M:%S.%f UTC"), "utf-8")
            written += 1
    _register(root, plan)
    return written


def _register(root: Path, plan: SampleClass) -> None:
    """Students with their names, lessons with their due dates, in nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root), course_id=plan.course_id) as gradebook:
        for student in plan.students:
            gradebook.update_or_create_student(student.id, first_name=student.given,
                                               last_name=student.family)
        for lesson, due in plan.due.items():
            gradebook.update_or_create_assignment(lesson, duedate=due.replace(tzinfo=None))


def generate_class(root: Path, lessons: tuple[str, ...] = LESSONS, students: int = STUDENTS,
                   seed: int = SEED) -> SampleClass:
    """Plan the class and write it into the course at ``root``."""
    plan = plan_class(root, lessons, students, seed)
    write_class(root, plan)
    return plan
