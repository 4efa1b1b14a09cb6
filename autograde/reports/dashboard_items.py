"""The dashboard's item analysis: Moodle's statistics of every quiz item and exercise check
(:mod:`autograde.reports.stats`), the distractors of choice items
(:mod:`autograde.reports.distractors`) and the per-variant facility of parameterised items
(:mod:`autograde.reports.variants`), grouped per assignment for the page."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograde.reports.distractors import Distractors, all_distractors
from autograde.reports.responses import Item, Responses
from autograde.reports.stats import ItemStats, QuizStats, all_stats
from autograde.reports.variants import VariantFairness, all_variant_fairness


@dataclass
class AssignmentItems:
    assignment: str
    quiz: QuizStats
    items: list[tuple[Item, ItemStats]] = field(default_factory=list)
    distractors: list[tuple[Item, Distractors]] = field(default_factory=list)
    variants: list[tuple[Item, VariantFairness]] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return sum(1 for _, stats in self.items if stats.flags)


def item_analysis(responses: Responses) -> list[AssignmentItems]:
    """Per assignment: its quiz statistics, its items' statistics (in the responses' order),
    the distractor analysis of its choice items and the variant facility of its
    parameterised ones."""
    items, quizzes = all_stats(responses)
    found = {quiz.assignment: AssignmentItems(quiz.assignment, quiz) for quiz in quizzes}
    by_id = {item.id: item for item in responses.items}
    for stats in items:
        found[stats.assignment].items.append((by_id[stats.item], stats))
    for analysis in all_distractors(responses):
        item = by_id[analysis.item]
        found[item.assignment].distractors.append((item, analysis))
    for fairness in all_variant_fairness(responses):
        item = by_id[fairness.item]
        found[item.assignment].variants.append((item, fairness))
    return [found[assignment] for assignment in responses.assignments if assignment in found]
