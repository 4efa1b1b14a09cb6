"""How a quiz answer shows in a notebook: HTML in JupyterLab (and feedback pages), text
elsewhere. A graded answer shows how it was read; a verdict shows only where one is due."""

from __future__ import annotations

from html import escape

from autograde.kit.quiz.items import Kind
from autograde.kit.quiz.results import QuizResult
from autograde.kit.text import Text

WORDS = {
    "read_as": Text(ja="読み取った答え: {answer}", en="Your answer as read: {answer}"),
    "valid": Text(ja="答えの形式は正しく読み取れました。正誤は提出後の採点でわかります。",
                  en="The answer can be read. Whether it is right, you learn after grading."),
    "score": Text(ja="得点 {score} / {max_score}", en="Score {score} / {max_score}"),
    "question": Text(ja="あなたの問題: {question}", en="Your question: {question}"),
    "unknown": Text(ja="クイズ「{item}」はありません（セルの記号を消したり書き換えたり"
                       "していませんか）。",
                    en="There is no quiz “{item}” (was the cell's id changed?)."),
    "not_run": Text(ja="クイズ「{item}」の答えがありません。上の answer(...) のセルに答えを"
                       "書いて実行してください。",
                    en="No answer to the quiz “{item}”: write it in the answer(...) cell above "
                       "and run that cell."),
}


def _points(x: float) -> str:
    return f"{round(x, 2):g}"


class QuizView:
    """A quiz answer that displays itself. ``credit`` (when set) is its ``text/plain`` form,
    the number nbgrader reads from a test cell; otherwise it shows as text."""

    def __init__(self, result: QuizResult, kind: Kind, credit: float | None = None,
                 verdict: bool | None = None, question: str | None = None) -> None:
        self.result = result
        self.kind = kind
        self.credit = credit
        self.verdict = kind == "practice" if verdict is None else verdict
        self.question = question
        """This student's own question, when it is not the lesson's (per-student variants)."""

    def lines(self) -> list[str]:
        r, lang = self.result, self.result.lang
        found = [WORDS["question"](lang, question=self.question)] if self.question else []
        if r.read_as is not None:
            found.append(WORDS["read_as"](lang, answer=r.read_as))
        if r.error:
            found.append(r.error)
        elif self.verdict:
            found.append(WORDS["score"](lang, score=_points(r.score),
                                        max_score=_points(r.max_score)))
            found += r.feedback.splitlines()
        else:
            found.append(WORDS["valid"](lang))
        return found

    def __str__(self) -> str:
        return "\n".join([f"{self.result.item}:", *(f"  {line}" for line in self.lines())])

    def __repr__(self) -> str:
        return repr(float(self.credit)) if self.credit is not None else str(self)

    def __float__(self) -> float:
        return float(self.credit if self.credit is not None else self.result.score)

    def _repr_html_(self) -> str:
        r = self.result
        state = ("error" if r.error else "verdict" if self.verdict else "read")
        colour = {"error": "#b00020", "read": "#444"}.get(
            state, "#1a7f37" if r.max_score and r.score >= r.max_score else "#b35900")
        body = "".join(f"<div>{escape(line)}</div>" for line in self.lines())
        data = (f' data-score="{_points(r.score)}" data-max-score="{_points(r.max_score)}"'
                if self.verdict and not r.error else "")
        misconceptions = "".join(f'<span data-misconception="{escape(m)}"></span>'
                                 for m in r.misconceptions) if self.verdict else ""
        return (f'<div class="autograde-quiz autograde-quiz-{state}" data-item="{escape(r.item)}"'
                f' data-kind="{self.kind}"{data} style="font-family:sans-serif;margin:4px 0;'
                f'color:{colour}">{body}{misconceptions}</div>')
