"""Integrity signals from the results store: near-identical solutions and other variants' answers.

**Clusters of near-identical solutions** come from the fingerprints stored at grading time
(:mod:`autograde.grader.fingerprint`: the winnowed k-gram hashes of each exercise's solution,
names renamed, the instructor's solution and stub already removed). No code is read or compared
here, and no two submissions are compared unless they share a hash. Per exercise:

1. *Common hashes are dropped*: a hash found in more than ``common_share`` of the assignment's
   submissions (and in more than ``common_min`` of them, so a small class keeps its pairs) is
   the obvious way to write something, not evidence.
2. *Candidate pairs* come from an inverted index (hash → submissions that have it): only the
   pairs that share a distinctive hash are ever looked at, and the index counts how many.
3. *A pair counts* when the two share at least ``min_shared`` distinctive hashes and their
   similarity — the Jaccard index of their distinctive hash sets — is at least ``threshold``.
   The minimum keeps tiny exercises quiet: two independent one-line solutions written the same
   way (``np.where(x > 0, x, 0)``) leave a handful of hashes once the model answer is removed,
   and identical one-liners prove nothing; nor does one common extra line such as
   ``x = np.asarray(x, dtype=np.float64)`` (8 hashes). At winnowing's density (about 2 hashes
   in 5 tokens), 10 shared hashes mean roughly 25 tokens — two or three lines — of the same
   distinctive code.
4. *Clusters* are the connected components of the counted pairs.

**Answers right for another variant** (``wrong_variant_answers``): a quiz answer that is wrong
for the student's own variant of a parameterised item but right for another — a copying signal
that only per-student variants make possible — with the students who hold that other variant.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from autograde.grader.records import SubmissionResult
from autograde.grader.store import Store

THRESHOLD = 0.8
"""Default similarity (Jaccard of distinctive fingerprints) from which a pair counts."""
MIN_SHARED = 10
"""Default: distinctive hashes a pair must share before it counts (tiny exercises)."""
COMMON_SHARE = 0.05
"""Default: a hash in more than this share of the submissions is common (scaffold, idiom)."""
COMMON_MIN = 5
"""Default: ... and in more than this many: below, every shared hash stays distinctive."""


@dataclass(frozen=True)
class Rules:
    """When two solutions count as near-identical (module docstring; defaults above)."""

    threshold: float = THRESHOLD
    min_shared: int = MIN_SHARED
    common_share: float = COMMON_SHARE
    common_min: int = COMMON_MIN

    def common_above(self, submissions: int) -> float:
        """A hash found in more than this many of ``submissions`` is common."""
        return max(self.common_share * submissions, self.common_min)


@dataclass(frozen=True)
class Pair:
    students: tuple[str, str]
    similarity: float
    """Jaccard index of the two distinctive fingerprints."""
    shared: int
    """Distinctive hashes they share."""


@dataclass(frozen=True)
class Cluster:
    """Students whose solutions to one exercise are near-identical (linked by ``pairs``)."""

    assignment: str
    exercise: str
    students: tuple[str, ...]
    similarity: float
    """The closest pair's similarity."""
    pairs: tuple[Pair, ...]


@dataclass(frozen=True)
class VariantAnswer:
    """A quiz answer wrong for the student's own variant but right for ``other_variant``."""

    assignment: str
    student: str
    item: str
    variant: int
    other_variant: int
    answer: str
    holders: tuple[str, ...]
    """The students of this assignment whose own variant of the item is ``other_variant``."""


def _pairs(hashes: Mapping[str, Iterable[int]], submissions: int, rules: Rules) -> list[Pair]:
    """The pairs of students above the rules for one exercise (student → fingerprint)."""
    sets = {student: set(values) for student, values in hashes.items()}
    found_in = Counter(value for values in sets.values() for value in values)
    common = rules.common_above(submissions)
    distinctive = {student: {v for v in values if found_in[v] <= common}
                   for student, values in sets.items()}
    index: dict[int, list[str]] = defaultdict(list)
    for student in sorted(distinctive):
        for value in distinctive[student]:
            if found_in[value] > 1:
                index[value].append(student)
    shared: Counter[tuple[str, str]] = Counter()
    for students in index.values():
        if len(students) > 1:
            shared.update(combinations(students, 2))
    pairs = []
    for (first, second), count in shared.items():
        if count < rules.min_shared:
            continue
        similarity = count / (len(distinctive[first]) + len(distinctive[second]) - count)
        if similarity >= rules.threshold:
            pairs.append(Pair((first, second), round(similarity, 4), count))
    return pairs


def _components(pairs: list[Pair]) -> list[list[Pair]]:
    """The pairs grouped by connected component of the students they link."""
    parent: dict[str, str] = {}

    def root(student: str) -> str:
        parent.setdefault(student, student)
        while parent[student] != student:
            parent[student] = parent[parent[student]]
            student = parent[student]
        return student

    for pair in pairs:
        parent[root(pair.students[0])] = root(pair.students[1])
    groups: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        groups[root(pair.students[0])].append(pair)
    return list(groups.values())


def clusters(assignment: str, fingerprints: Mapping[str, Mapping[str, Iterable[int]]],
             submissions: int, rules: Rules = Rules()) -> list[Cluster]:
    """Clusters from ``fingerprints`` (exercise → student → hashes) of an assignment with
    ``submissions`` submissions, the closest first."""
    found = []
    for exercise, hashes in fingerprints.items():
        for group in _components(_pairs(hashes, submissions, rules)):
            members = sorted({s for pair in group for s in pair.students})
            ordered = sorted(group, key=lambda p: (-p.similarity, p.students))
            found.append(Cluster(assignment, exercise, tuple(members), ordered[0].similarity,
                                 tuple(ordered)))
    return sorted(found, key=lambda c: (-c.similarity, -len(c.students), c.exercise, c.students))


def similar_clusters(store: Store, assignment: str, threshold: float = THRESHOLD,
                     rules: Rules | None = None) -> list[Cluster]:
    """Clusters of near-identical solutions to ``assignment``'s exercises in ``store``
    (``threshold`` overrides the rules' own)."""
    rules = Rules(threshold=threshold) if rules is None else rules
    return clusters(assignment, store.fingerprints(assignment), len(store.graded(assignment)),
                    rules)


def wrong_variant_answers(store: Store, assignments: Iterable[str]) -> list[VariantAnswer]:
    """Quiz answers right for another variant but not the student's own, by assignment,
    student and item."""
    return variant_answers({a: store.results(a) for a in assignments})


def variant_answers(results: Mapping[str, Iterable[SubmissionResult]]) -> list[VariantAnswer]:
    """:func:`wrong_variant_answers` in results already read (assignment → its results, by
    student), with the classmates who hold the variant each answer fits."""
    found = []
    for assignment, submitted in results.items():
        answered = [(r.student, q) for r in submitted for q in r.quiz]
        holders: dict[tuple[str, int], set[str]] = defaultdict(set)
        for student, response in answered:
            holders[response.item, response.variant].add(student)
        for student, q in answered:
            if q.other_variant is not None:
                found.append(VariantAnswer(
                    assignment, student, q.item, q.variant, q.other_variant, q.answer,
                    tuple(sorted(holders.get((q.item, q.other_variant), set()) - {student}))))
    return found
