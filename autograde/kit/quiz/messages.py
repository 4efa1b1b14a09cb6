"""What the quiz says to students, in natural Japanese and English."""

from __future__ import annotations

from autograde.kit.text import Text

HOW: dict[str, Text] = {
    "single": Text(ja="選択肢の記号を 1 つ書いてください（例: b）。",
                   en="Write the letter of one choice (e.g. b)."),
    "multiple": Text(ja="当てはまる選択肢の記号をすべて書いてください（例: a,c や ac）。",
                     en="Write the letters of every choice that applies (e.g. a,c or ac)."),
    "true-false": Text(ja="true か false で答えてください"
                          "（正 / 誤、○ / ×、t / f でも構いません）。",
                       en="Answer true or false (t / f, 正 / 誤 and ○ / × work too)."),
    "numeric": Text(ja="数を 1 つ書いてください（例: 0.5、-3.2e-2、1/3）。",
                    en="Write one number (e.g. 0.5, -3.2e-2, 1/3)."),
    "numeric-array": Text(ja="配列を [ ] で囲んで書いてください（例: [1/3, 1/3, 1/3]、"
                             "[[1, 2], [3, 4]]）。",
                          en="Write the array in brackets (e.g. [1/3, 1/3, 1/3] or "
                             "[[1, 2], [3, 4]])."),
    "text": Text(ja="語句を書いてください。", en="Write a word or phrase."),
    "ordering": Text(ja="記号を正しい順に並べて書いてください（例: c,a,b）。",
                     en="Write the letters in the right order (e.g. c,a,b)."),
    "matching": Text(ja="左の番号と右の記号を組にして書いてください（例: 1-b, 2-a）。",
                     en="Pair each number on the left with a letter on the right "
                        "(e.g. 1-b, 2-a)."),
}
"""How to write an answer to each type of item."""

ERRORS: dict[str, Text] = {
    "empty": Text(ja="答えがまだ書かれていません。", en="There is no answer yet."),
    "too_long": Text(ja="答えが長すぎます（{limit} 文字まで）。",
                     en="The answer is too long (at most {limit} characters)."),
    "wrong_type": Text(ja="{got} の値は答えとして読めません。",
                       en="A value of type {got} cannot be read as an answer."),
    "not_letters": Text(ja="「{text}」を選択肢の記号として読めません。",
                        en="“{text}” cannot be read as choice letters."),
    "unknown_letter": Text(ja="選択肢 {letter} はありません（a〜{last} から選んでください）。",
                           en="There is no choice {letter} (choose from a to {last})."),
    "one_choice": Text(ja="選択肢は 1 つだけ選んでください（{count} 個書かれています）。",
                       en="Choose only one letter ({count} given)."),
    "not_true_false": Text(ja="「{text}」を正誤として読めません。",
                           en="“{text}” cannot be read as true or false."),
    "not_a_number": Text(ja="「{text}」を数として読めません。",
                         en="“{text}” cannot be read as a number."),
    "bad_character": Text(ja="「{text}」の「{character}」を数として読めません。",
                          en="In “{text}”, “{character}” is not part of a number."),
    "zero_division": Text(ja="「{text}」は分母が 0 です。", en="“{text}” divides by zero."),
    "too_large": Text(ja="「{text}」は大きすぎて扱えません。",
                      en="“{text}” is too large to work with."),
    "not_finite": Text(ja="inf や nan は答えにできません。",
                       en="inf and nan are not answers."),
    "array_expected": Text(ja="配列が求められています。",
                           en="An array is asked for."),
    "number_expected": Text(ja="数を 1 つだけ書いてください（配列ではなく）。",
                            en="Write a single number (not an array)."),
    "ragged": Text(ja="配列の行の長さがそろっていません。",
                   en="The rows of the array differ in length."),
    "shape": Text(ja="配列の形が違います: 答えの形は {got}、求められている形は {expected} です。",
                  en="Wrong shape: your array is {got}, the answer is {expected}."),
    "ordering_letters": Text(
        ja="{letters} をそれぞれちょうど 1 回ずつ使って並べてください（{problem}）。",
        en="Use each of {letters} exactly once ({problem})."),
    "missing": Text(ja="足りない記号: {letters}", en="missing: {letters}"),
    "repeated": Text(ja="2 回以上使った記号: {letters}", en="used twice: {letters}"),
    "not_pairs": Text(ja="「{text}」を組み合わせとして読めません。",
                      en="“{text}” cannot be read as pairs."),
    "unknown_left": Text(ja="左側に {number} 番はありません（1〜{last}）。",
                         en="There is no number {number} on the left (1 to {last})."),
    "left_twice": Text(ja="左側の {number} 番が 2 回以上組にされています。",
                       en="Number {number} on the left is paired more than once."),
}
"""Why an answer could not be read (then :data:`HOW` says how to write one)."""

VERDICT: dict[str, Text] = {
    "right": Text(ja="正解です。", en="Correct."),
    "partial": Text(ja="一部正解です（{score} / {max_score} 点）。",
                    en="Partly correct ({score} of {max_score} points)."),
    "wrong": Text(ja="正解ではありません。", en="Not correct."),
    "misconception": Text(ja="よくある誤り「{name}」: {hint}",
                          en="A common mistake ({name}): {hint}"),
    "hint": Text(ja="ヒント: {hint}", en="Hint: {hint}"),
    "explanation": Text(ja="解説: {text}", en="Explanation: {text}"),
    "choice": Text(ja="{letter}: {text}", en="{letter}: {text}"),
    "elements": Text(ja="{right} / {total} 個の要素が正しい値です。",
                     en="{right} of {total} elements are right."),
    "pairs": Text(ja="{right} / {total} 組が正しい組み合わせです。",
                  en="{right} of {total} pairs are right."),
    "in_order": Text(ja="{right} / {total} 個が正しい順序に並んでいます。",
                     en="{right} of {total} steps are in the right order."),
}

BOOL: dict[bool, Text] = {True: Text(ja="正", en="true"), False: Text(ja="誤", en="false")}
"""How a true/false answer is read back."""
