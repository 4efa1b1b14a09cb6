"""``autograde dashboard``: one self-contained page with the sections overview, misconceptions,
items, integrity and students, whose numbers are the report modules' (Moodle's statistics,
distractors, variant facility, similarity clusters, other variants' answers) and the stored
results' (scores, misconceptions, flags, events), in Japanese and English; ``--anonymize``
leaves no student id or name in the file; no store or no results: exit 2 with a message.

The class is tests/reports/test_dashboard_class.py's (16 students, lessons 01 and 03, a
gradebook with names and one late submission, nbgrader's notebooks of lesson 01 for the audit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import shutil
import statistics
from collections import defaultdict
from pathlib import Path

import lxml.html
import pytest
from test_dashboard_class import DUE, LESSONS, class_course, names, student_ids

from autograde.catalog.exercises import EXERCISES
from autograde.cli import main
from autograde.grader.records import SubmissionResult
from autograde.grader.store import DB_FILE, Store
from autograde.quiz.banks import library
from autograde.reports import dashboard_charts
from autograde.reports.dashboard import SECTIONS
from autograde.reports.dashboard_labels import LABELS
from autograde.reports.dashboard_people import KEY_FILE, PREFIX
from autograde.reports.distractors import all_distractors
from autograde.reports.responses import build_responses
from autograde.reports.similarity import THRESHOLD, similar_clusters, wrong_variant_answers
from autograde.reports.stats import all_stats
from autograde.reports.variants import all_variant_fairness

STAT_FIELDS = ("n", "facility", "sd", "random_guess_score", "intended_weight",
               "effective_weight", "discrimination_index", "discriminative_efficiency")
QUIZ_FIELDS = ("n", "mean", "median", "sd", "cic", "error_ratio", "standard_error")


CLASS = 16


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return class_course(tmp_path_factory.mktemp("dashboard") / "course", n=CLASS).root


def write(course: Path, *options: str, name: str = "dashboard.html") -> Path:
    output = course / name
    assert main(["dashboard", "--course", str(course), "-o", str(output), *options]) == 0
    return output


@pytest.fixture(scope="module")
def pages(course: Path) -> dict[str, Path]:
    """The dashboard in Japanese, in English, and anonymized (Japanese; its charts keep their
    text as text, so that a test can read the students' names on the heat map)."""
    found = {"ja": write(course, "--lang", "ja", name="ja.html"),
             "en": write(course, "--lang", "en", name="en.html")}
    style = dashboard_charts._style
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dashboard_charts, "_style", lambda: {**style(), "svg.fonttype": "none"})
        found["anonymous"] = write(course, "--anonymize", "--lang", "ja", name="anon.html")
    return found


@pytest.fixture(scope="module")
def results(course: Path) -> list[SubmissionResult]:
    with Store.for_course(course) as store:
        return store.results()


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text("utf-8"))


def value(cell: lxml.html.HtmlElement) -> float | None:
    """The exact number a cell carries (its data-value), None for an empty one."""
    text = cell.get("data-value")
    assert text is not None, lxml.html.tostring(cell)
    return float(text) if text else None


def stat(row: lxml.html.HtmlElement, name: str) -> float | None:
    return value(one(row, f".//*[@data-stat='{name}']"))


def one(root: lxml.html.HtmlElement, xpath: str) -> lxml.html.HtmlElement:
    found = root.xpath(xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} found"
    return found[0]


def by_assignment(results: list[SubmissionResult]) -> dict[str, list[SubmissionResult]]:
    found: dict[str, list[SubmissionResult]] = defaultdict(list)
    for result in results:
        found[result.assignment].append(result)
    return found


@pytest.mark.parametrize("version", ["ja", "en", "anonymous"])
def test_every_section_is_there_once_with_its_heading(pages, version):
    lang = "en" if version == "en" else "ja"
    root = parse(pages[version])
    assert root.get("lang") == lang
    for section in SECTIONS:
        element = one(root, f"//*[@id='{section}']")
        assert element.tag == "section"
        assert element.findtext("h2") == LABELS[section](lang)


def test_the_page_is_self_contained(pages):
    """Nothing to fetch: no external script, style, image or link; charts are inline SVG with
    ids unique across the page."""
    text = pages["ja"].read_text("utf-8")
    root = lxml.html.fromstring(text)
    assert not root.xpath("//script[@src] | //link | //img | //iframe | //object")
    for attribute in root.xpath("//@href | //@src | //@*[local-name()='href']"):
        assert attribute.startswith(("#", "data:")), attribute
    assert "http://" not in text.replace("http://www.w3.org", "")
    assert "https://" not in text
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))
    for assignment in LESSONS:
        assert one(root, f"//article[@id='overview-{assignment}']").xpath(".//svg")
    assert len(one(root, "//section[@id='misconceptions']").xpath(".//svg")) == 2
    assert one(root, "//section[@id='items']").xpath(".//figure[@class='scatter']/svg")


def test_overview_numbers_are_those_of_the_stored_scores(pages, results):
    root = parse(pages["en"])
    for assignment, found in by_assignment(results).items():
        scores = [r.score for r in found]
        row = one(root, f"//table[@id='overview-table']//tr[@data-assignment='{assignment}']")
        assert stat(row, "n") == len(found)
        assert stat(row, "mean") == pytest.approx(statistics.fmean(scores), rel=1e-12)
        assert stat(row, "median") == statistics.median(scores)
        assert stat(row, "sd") == pytest.approx(statistics.stdev(scores), rel=1e-12)
        assert stat(row, "errors") == sum(1 for r in found if r.error)
        article = one(root, f"//article[@id='overview-{assignment}']")
        for exercise in LESSONS[assignment]:
            points = [r.exercise(exercise).score if r.exercise(exercise) else 0.0 for r in found]
            part = one(article, f".//tr[@data-part='{exercise}']")
            assert stat(part, "mean") == pytest.approx(statistics.fmean(points), rel=1e-12)
            assert stat(part, "sd") == pytest.approx(statistics.stdev(points), rel=1e-12)
            assert stat(part, "max_score") == EXERCISES[exercise].max_score


def test_misconceptions_are_counted_per_place_with_name_and_hint(pages, results):
    root = parse(pages["ja"])
    expected: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in results:
        for e in r.exercises:
            for m in e.misconceptions:
                expected[r.assignment, e.exercise, m].add(r.student)
        for q in r.quiz:
            for m in q.misconceptions:
                expected[r.assignment, q.item, m].add(r.student)
    rows = one(root, "//table[@id='misconceptions-table']").xpath(".//tbody/tr")
    shown = {(row.get("data-assignment"), row.get("data-place"), row.get("data-misconception")):
             stat(row, "students") for row in rows}
    assert shown == {key: len(students) for key, students in expected.items()}
    counts = [stat(row, "students") for row in rows]
    assert counts == sorted(counts, reverse=True)
    catalog = {m.id: m for e in EXERCISES.values() for m in e.misconceptions}
    banks = library()
    for row in rows:
        misconception = row.get("data-misconception")
        note = catalog.get(misconception) or next(
            b.misconceptions[misconception] for _, b in banks.banks.values()
            if misconception in b.misconceptions)
        assert note.name.ja in row.text_content()
        assert note.hint.ja in row.text_content()


def test_items_show_moodle_statistics_as_the_stats_module_computes_them(pages, results):
    root = parse(pages["en"])
    responses = build_responses(results, library(), list(LESSONS))
    items, quizzes = all_stats(responses)
    assert len(root.xpath("//table[contains(@class, 'item-stats')]//tbody/tr")) == len(items)
    for stats in items:
        row = one(root, f"//table[contains(@class, 'item-stats')]//tr[@data-item='{stats.item}']")
        for name in STAT_FIELDS:
            assert stat(row, name) == getattr(stats, name), (stats.item, name)
        assert tuple(row.xpath(".//*[@data-flag]/@data-flag")) == stats.flags
        assert ("flagged" in (row.get("class") or "")) == bool(stats.flags)
    assert any(s.flags for s in items), "the class should have an item Moodle flags"
    for quiz in quizzes:
        row = one(root, f"//table[@data-assignment='{quiz.assignment}' and "
                        "contains(@class, 'quiz-stats')]//tbody/tr")
        for name in QUIZ_FIELDS:
            assert stat(row, name) == getattr(quiz, name), (quiz.assignment, name)


def test_every_item_type_of_the_banks_has_a_name_in_both_languages():
    types = {entry.item.type for entry in library().items.values()}
    assert types >= {"single", "multiple", "true-false", "numeric", "ordering", "matching"}
    for kind in types:
        assert LABELS[f"type_{kind}"].ja and LABELS[f"type_{kind}"].en


def test_distractors_and_variant_facility_are_the_report_modules(pages, results):
    root = parse(pages["en"])
    responses = build_responses(results, library(), list(LESSONS))
    analyses = all_distractors(responses)
    assert analyses
    for analysis in analyses:
        table = one(root, f"//table[contains(@class, 'distractors')][@data-item="
                          f"'{analysis.item}']")
        for option in analysis.options:
            row = one(table, f".//tr[@data-option='{option.option or ''}']")
            assert [stat(row, n) for n in ("count", "share", "upper", "lower")] == [
                option.count, option.share, option.upper, option.lower]
            assert tuple(row.xpath(".//*[@data-flag]/@data-flag")) == option.flags
    fairness = all_variant_fairness(responses)
    assert fairness
    for item in fairness:
        table = one(root, f"//table[contains(@class, 'variants')][@data-item='{item.item}']")
        assert value(one(table, ".//*[@data-stat='facility'][not(ancestor::tr)]")) == \
            item.facility
        for variant in item.variants:
            row = one(table, f".//tr[@data-variant='{variant.variant}']")
            assert [stat(row, "n"), stat(row, "facility"), stat(row, "p_value")] == [
                variant.n, variant.facility, variant.p_value]
            assert bool(row.xpath(".//*[@data-flag='variant']")) == variant.flagged


def test_integrity_shows_audit_scan_events_variants_and_clusters(pages, course):
    root = parse(pages["en"])
    integrity = one(root, "//section[@id='integrity']")
    audit = one(integrity, ".//table[contains(@class, 'audit')][@data-assignment='01_neuron']")
    assert [row.get("data-student") for row in audit.xpath(".//tbody/tr")] == ["stu-cheater"]
    missing = one(integrity, ".//p[@class='audit-missing'][@data-assignment='03_loss']")
    assert "nbgrader autograde 03_loss" in missing.text_content()
    flag = one(integrity, ".//table[@id='flags-table']//tbody/tr")
    assert flag.get("data-rule") == "imports_reference"
    assert "stu-cheater" in flag.text_content()
    assert "from reference.activations import relu" in flag.text_content()
    event = one(integrity, ".//table[@id='events-table']//tbody/tr")
    assert event.get("data-event") == "timeout"
    with Store.for_course(course) as store:
        wrong = wrong_variant_answers(store, list(LESSONS))
        clusters = [c for a in LESSONS for c in similar_clusters(store, a)]
    rows = integrity.xpath(".//table[@id='wrong-variant-table']//tbody/tr")
    assert [(r.get("data-item"), stat(r, "variant"), stat(r, "other_variant")) for r in rows] == [
        (f"{w.assignment}/{w.item}", w.variant, w.other_variant) for w in wrong]
    assert wrong and all(w.student == "stu-copycat" for w in wrong)
    rows = integrity.xpath(".//table[@id='clusters-table']//tbody/tr")
    assert [(r.get("data-exercise"), stat(r, "similarity")) for r in rows] == [
        (c.exercise, c.similarity) for c in clusters]
    assert [c.students for c in clusters] == [("stu-twin-a", "stu-twin-b")]
    threshold = one(integrity, ".//p[@data-threshold]")
    assert float(threshold.get("data-threshold")) == THRESHOLD
    assert f"{THRESHOLD:.2f}" in threshold.text_content()


def test_students_table_has_a_row_per_student_with_scores_and_late(pages, results):
    root = parse(pages["ja"])
    table = one(root, "//table[@id='students-table']")
    rows = {row.get("data-student"): row for row in table.xpath(".//tbody/tr")}
    students = {r.student for r in results}
    assert set(rows) == students
    for result in results:
        assert stat(rows[result.student], result.assignment) == result.score
    assert stat(rows["stu-absent"], "03_loss") is None
    assert stat(rows["stu-late"], "late") == 1
    assert sum(stat(row, "late") for row in rows.values()) == 1
    first, last = names(student_ids(CLASS))["stu-late"]
    assert f"{last} {first}" in rows["stu-late"].text_content()
    details = one(root, "//details[@data-student='stu-late']")
    link = one(rows["stu-late"], ".//a[@class='drill']")
    assert link.get("href") == f"#{details.get('id')}"
    loss = next(entry for entry in drill_down(root, details) if entry["assignment"] == "03_loss")
    assert loss["seconds_late"] == 26 * 3600
    assert loss["status"] == "26.0 時間遅れ"
    assert DUE["03_loss"].strftime("%Y-%m-%d %H:%M") in loss["when"]


def drill_down(root: lxml.html.HtmlElement, details: lxml.html.HtmlElement) -> list[dict]:
    """The drill-down data of the student of ``details``, read back into names (the layout of
    autograde/reports/dashboard_drill.py)."""
    data = json.loads(one(root, "//script[@id='drill-data']").text)
    strings, notes = data["strings"], data["misconceptions"]
    found = []
    for entry in data["students"][int(details.get("data-index"))]:
        assignment, score, max_score, when, late, status, signals, error, exercises, quiz = entry
        found.append({
            "assignment": strings[assignment], "score": score, "max_score": max_score,
            "when": when, "seconds_late": late, "status": status, "signals": signals,
            "error": error,
            "exercises": {strings[e[0]]: {"score": e[1], "max": e[2], "passed": e[3],
                                          "checks": e[4], "failed": [strings[i] for i in e[5]],
                                          "misconceptions": [notes[i][0] for i in e[6]]}
                          for e in exercises},
            "quiz": {strings[q[0]]: {"score": q[4], "variant": q[2], "answer": q[3],
                                     "misconceptions": [notes[i][0] for i in q[6]],
                                     "other_variant": q[7]} for q in quiz}})
    return found


def test_the_drill_down_holds_every_exercise_check_and_quiz_answer(pages, results):
    root = parse(pages["en"])
    for student, mine in by_student(results).items():
        details = one(root, f"//details[@data-student='{student}']")
        shown = {entry["assignment"]: entry for entry in drill_down(root, details)}
        assert set(shown) == set(mine)
        for assignment, result in mine.items():
            entry = shown[assignment]
            assert (entry["score"], entry["max_score"]) == (result.score, result.max_score)
            assert entry["error"] == result.error
            for exercise in result.exercises:
                assert entry["exercises"][exercise.exercise] == {
                    "score": exercise.score, "max": exercise.max_score,
                    "passed": sum(c.passed for c in exercise.checks),
                    "checks": len(exercise.checks),
                    "failed": [c.name for c in exercise.checks if not c.passed],
                    "misconceptions": exercise.misconceptions}
            for answer in result.quiz:
                assert entry["quiz"][answer.item] == {
                    "score": answer.score, "variant": answer.variant, "answer": answer.read_as,
                    "misconceptions": answer.misconceptions,
                    "other_variant": answer.other_variant}
    cheater = drill_down(root, one(root, "//details[@data-student='stu-cheater']"))
    signals = next(e for e in cheater if e["assignment"] == "01_neuron")["signals"]
    isolated = by_student(results)["stu-cheater"]["01_neuron"]
    full = sum(EXERCISES[e].max_score for e in LESSONS["01_neuron"])  # nbgrader: no output
    assert isolated.score < full
    assert LABELS["audit_signal"]("en", kernel=full, isolated=f"{isolated.score:g}") in signals
    assert any("reference" in s for s in signals)


def by_student(results: list[SubmissionResult]) -> dict[str, dict[str, SubmissionResult]]:
    found: dict[str, dict[str, SubmissionResult]] = defaultdict(dict)
    for result in results:
        found[result.student][result.assignment] = result
    return found


def test_anonymized_copy_has_no_student_id_or_name_and_stable_pseudonyms(pages, course,
                                                                          results):
    text = pages["anonymous"].read_text("utf-8")
    students = sorted({r.student for r in results})
    for student in students:
        assert student not in text
    for first, last in names(student_ids(CLASS)).values():
        assert f"{last} {first}" not in text
    key = bytes.fromhex((course / KEY_FILE).read_text("ascii").strip())
    assert (course / KEY_FILE).stat().st_mode & 0o077 == 0
    root = lxml.html.fromstring(text)
    shown = [row.get("data-student") for row in
             root.xpath("//table[@id='students-table']//tbody/tr")]
    expected = {PREFIX + base64.b32encode(hmac.new(key, s.encode(), hashlib.sha256).digest())
                [:8].decode().lower() for s in students}
    assert set(shown) == expected
    assert shown == sorted(shown), "rows in pseudonym order, which says nothing of the ids"
    heat_map = "".join(one(root, "//figure[@class='heat']/svg").itertext())
    assert all(pseudonym in heat_map for pseudonym in shown)
    again = write(course, "--anonymize", "--lang", "ja", name="anon-again.html")
    again_root = lxml.html.fromstring(again.read_text("utf-8"))
    assert again_root.xpath("//table[@id='students-table']//tbody/tr/@data-student") == shown
    assert one(again_root, "//script[@id='drill-data']").text == \
        one(root, "//script[@id='drill-data']").text


def test_a_selected_assignment_is_the_only_one_shown(course):
    root = parse(write(course, "03_loss", "--lang", "en", name="loss.html"))
    assert root.xpath("//table[@id='overview-table']//tbody/tr/@data-assignment") == ["03_loss"]
    assert not root.xpath("//*[@data-assignment='01_neuron']")


def test_outside_a_course_the_page_says_what_it_cannot_know(course, tmp_path):
    url = f"sqlite:///{course / DB_FILE}"
    output = tmp_path / "page.html"
    assert main(["dashboard", "--course", str(tmp_path), "--db", url, "-o", str(output),
                 "--lang", "en"]) == 0
    root = parse(output)
    assert one(root, "//p[@class='audit-missing']").text_content() == \
        LABELS["audit_no_course"]("en")
    assert LABELS["no_gradebook"]("en") in one(root, "//section[@id='students']").text_content()
    assert not root.xpath("//*[@data-late]")


@pytest.mark.parametrize("damage", ["config", "gradebook"])
def test_a_course_that_cannot_be_read_still_gets_its_page_saying_why(damage, course,
                                                                      tmp_path):
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    if damage == "config":
        with (copy / "nbgrader_config.py").open("a", encoding="utf-8") as config:
            config.write("c.CourseDirectory.root = (\n")
    else:
        (copy / "gradebook.db").write_bytes(b"not a database")
    root = parse(write(copy, "--lang", "en", name="page.html"))
    problem = one(root, "//p[contains(@class, 'gradebook-problem')]").text_content()
    assert "names and submission times" in problem
    assert ("SyntaxError" if damage == "config" else "DatabaseError") in problem
    assert not root.xpath("//table[@id='students-table']//th[.='name']")
    audited = root.xpath("//table[contains(@class, 'audit')]")
    assert bool(audited) == (damage == "gradebook"), "the audit needs no gradebook"
    assert len(root.xpath("//table[@id='students-table']//tbody/tr")) == CLASS


def test_a_damaged_pseudonym_key_is_exit_2_never_new_pseudonyms(course, tmp_path, capsys):
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    (copy / KEY_FILE).write_text("not hex\n", "ascii")
    output = tmp_path / "anon.html"
    assert main(["dashboard", "--course", str(copy), "--anonymize", "-o", str(output),
                 "--lang", "en"]) == 2
    assert f"cannot read or write the pseudonym key {copy / KEY_FILE}" in capsys.readouterr().err
    assert not output.exists()
    assert (copy / KEY_FILE).read_text("ascii") == "not hex\n"


@pytest.mark.parametrize("case", ["no store", "empty store", "unknown assignment", "both"])
def test_nothing_to_show_is_exit_2_with_a_message(case, course, tmp_path, capsys):
    output = tmp_path / "page.html"
    options = {"no store": ["--course", str(tmp_path)],
               "empty store": ["--course", str(tmp_path), "--db",
                               f"sqlite:///{tmp_path / 'empty.db'}"],
               "unknown assignment": ["--course", str(course), "09_nothing"],
               "both": ["--course", str(course), "01_neuron", "--all"]}[case]
    assert main(["dashboard", *options, "-o", str(output), "--lang", "en"]) == 2
    message = capsys.readouterr().err
    expected = {"no store": "no results database", "empty store": "holds no graded results",
                "unknown assignment": "(it has: 01_neuron, 03_loss)",
                "both": "not both"}[case]
    assert expected in message
    assert "Traceback" not in message
    assert not output.exists()
    assert not (tmp_path / DB_FILE).exists()
