"""Results saved in batches (:class:`autograde.grader.saving.BatchSaver`): by size, by age,
and what is left at the end; each batch goes to ``before_save`` (the gradebook) before the
store."""

from __future__ import annotations

from autograde.grader.records import SubmissionResult
from autograde.grader.saving import BatchSaver
from autograde.grader.store import Store


def result(student: str) -> SubmissionResult:
    return SubmissionResult(assignment="01_neuron", student=student, path=f"{student}.ipynb",
                            digest=student, lang="en")


def test_batches_by_size_then_the_rest_at_the_end(tmp_path):
    seen: list[tuple[list[str], int]] = []
    with Store.for_course(tmp_path) as store:
        saver = BatchSaver(store, lambda batch: seen.append(
            ([r.student for r in batch], len(store.graded("01_neuron")))), size=3, seconds=1e9)
        for i in range(7):
            saver.add(result(f"s{i}"))
        assert len(store.graded("01_neuron")) == 6  # two whole batches, one result waiting
        saver.flush()
        saver.flush()  # nothing left: no empty batch
        assert sorted(store.graded("01_neuron")) == [f"s{i}" for i in range(7)]
    assert seen == [(["s0", "s1", "s2"], 0), (["s3", "s4", "s5"], 3), (["s6"], 6)]
    assert saver.batches == 3


def test_a_batch_is_written_when_its_first_result_is_old_enough(tmp_path, monkeypatch):
    clock = iter([0.0, 0.5, 2.5, 3.0, 3.1])
    monkeypatch.setattr("autograde.grader.saving.time.monotonic", lambda: next(clock))
    with Store.for_course(tmp_path) as store:
        saver = BatchSaver(store, size=100, seconds=2.0)
        saver.add(result("a"))  # first at 0.0 (checked at 0.5)
        assert store.graded("01_neuron") == {}
        saver.add(result("b"))  # at 2.5: the batch is 2.5 s old
        assert sorted(store.graded("01_neuron")) == ["a", "b"]
        saver.add(result("c"))  # a new batch starts at 3.0 (checked at 3.1)
        assert sorted(store.graded("01_neuron")) == ["a", "b"]
