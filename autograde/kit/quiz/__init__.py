"""Quiz items in the student kit: the resolved item models, the one answer parser, grading
with partial credit, and the result model. Banks, keys and variants live on the instructor's
side (:mod:`autograde.quiz`)."""

from autograde.kit.quiz.answers import Reading, read
from autograde.kit.quiz.grading import grade
from autograde.kit.quiz.items import ITEM, Item
from autograde.kit.quiz.keys import key
from autograde.kit.quiz.results import QuizResult

__all__ = ["ITEM", "Item", "QuizResult", "Reading", "grade", "key", "read"]
