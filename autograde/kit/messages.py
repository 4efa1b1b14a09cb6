"""Every grader message shown to students, in natural Japanese and English."""

from __future__ import annotations

from autograde.kit.text import Lang, Text

MESSAGES: dict[str, Text] = {
    # what went wrong while calling the submission
    "exception": Text(
        ja="関数の実行中にエラーが発生しました: {error}",
        en="Your function raised an error: {error}",
    ),
    "readonly": Text(
        ja="入力の配列を書き換えようとしました（{error}）。入力はそのままにして、"
        "新しい配列を作って返してください。",
        en="Your function tried to modify its input array ({error}). Leave the inputs "
        "unchanged and return a new array.",
    ),
    "exit": Text(
        ja="関数の中で sys.exit() / exit() が呼ばれました（終了コード {code}）。",
        en="Your function called sys.exit() / exit() (code {code}).",
    ),
    "type": Text(
        ja="戻り値の型 {type} は数値でも NumPy 配列でもありません。",
        en="The returned {type} is neither a number nor a NumPy array.",
    ),
    "sequence": Text(
        ja="戻り値が {type} です。np.array(...) で NumPy 配列にして返してください。",
        en="The function returned a {type}; return a NumPy array (np.array(...)) instead.",
    ),
    "dtype": Text(
        ja="戻り値の配列の dtype が {dtype} です。実数（float など）の配列を返してください。",
        en="The returned array has dtype {dtype}; return an array of real numbers.",
    ),
    "overflow": Text(
        ja="戻り値の整数が大きすぎて浮動小数点数に変換できません。",
        en="The returned integer is too large to convert to a float.",
    ),
    "arity": Text(
        ja="戻り値の数が違います: {expected} 個の値をタプルで返してください（戻り値: {got}）。",
        en="Wrong number of returned values: return a tuple of {expected} (got {got}).",
    ),
    "missing": Text(
        ja="関数 {function} が定義されていません（または呼び出せるものではありません）。",
        en="The function {function} is not defined (or is not callable).",
    ),
    "not_defined": Text(
        ja="{function} がまだ定義されていません。上の解答セル（def {function}(...)）を"
           "実行してから、このセルをもう一度実行してください。",
        en="{function} is not defined yet. Run the solution cell above (def {function}(...)) "
           "first, then run this cell again.",
    ),
    "setup_not_run": Text(
        ja="関数の中で使っている {name} が定義されていません。ノートブックの最初のセル"
           "（import numpy as np などのセットアップ）を実行しましたか。",
        en="{name}, used inside your function, is not defined. Did you run the notebook's "
           "first cell (the setup: import numpy as np, ...)?",
    ),
    "timeout": Text(
        ja="制限時間（{seconds} 秒）内に終わりませんでした。無限ループになっていませんか。",
        en="Did not finish within the time limit ({seconds} s). Is there an infinite loop?",
    ),
    "too_slow": Text(
        ja="学習に {seconds} 秒かかりました（制限 {limit} 秒）。",
        en="Training took {seconds} s (limit {limit} s).",
    ),
    "crashed": Text(
        ja="プログラムが異常終了しました（{reason}）。",
        en="The program crashed ({reason}).",
    ),
    "load": Text(
        ja="ファイル {file} を実行できませんでした: {error}",
        en="Could not run the file {file}: {error}",
    ),
    "unknown_exercise": Text(
        ja="課題 {exercise} はありません。使える課題: {known}",
        en="There is no exercise {exercise}. Known exercises: {known}",
    ),
    "wrong_functions": Text(
        ja="check() には {expected} を渡してください（渡された関数は {got} 個）。",
        en="Pass {expected} to check() (got {got} function(s)).",
    ),
    # how an output differs from the reference
    "shape": Text(
        ja="{output}の形が違います: 期待 {expected}、実際 {got}。",
        en="wrong shape of {output}: expected {expected}, got {got}.",
    ),
    "not_finite": Text(
        ja="{output}に NaN または無限大が含まれています（期待 {expected}、実際 {got}）。",
        en="{output} contains NaN or infinity (expected {expected}, got {got}).",
    ),
    "values": Text(
        ja="{output}が違います: 期待 {expected}、実際 {got}。",
        en="wrong values in {output}: expected {expected}, got {got}.",
    ),
    "update": Text(
        ja="更新量 {output} − {start} が違います: 期待 {expected}、実際 {got}。",
        en="wrong update {output} − {start}: expected {expected}, got {got}.",
    ),
    "not_restored": Text(
        ja="関数を呼んだ後、引数 {output} が元の値に戻っていません（呼び出し後: {got}）。",
        en="argument {output} was not restored after the call (it is now {got}).",
    ),
    "accuracy": Text(
        ja="テストデータの正解率 {accuracy:.3f}（満点は {full} 以上、部分点は {partial} から）。",
        en="Held-out accuracy {accuracy:.3f} (full credit from {full}, partial from {partial}).",
    ),
    # framing
    "case": Text(ja="入力 {call}: {problem}", en="Input {call}: {problem}"),
    "passed": Text(ja="{count} 件すべて正解", en="all {count} cases correct"),
    "passed_one": Text(ja="正解", en="correct"),
    "matched": Text(
        ja="よくある間違い「{names}」と同じ結果です。",
        en="This matches a common mistake: “{names}”.",
    ),
    "name_separator": Text(ja="」「", en="”, “"),
    "output_of": Text(ja="戻り値", en="the result"),
    # around the table
    "public_only": Text(
        ja="この課題は {points} 点です。ここでは公開チェック（{max} 点分）だけを実行しました。"
           "残りの {rest} 点は提出後に非公開のチェックで採点します。",
        en="This exercise is worth {points} points. Only its public checks ({max} points) ran "
           "here; the other {rest} points come from hidden checks when it is graded.",
    ),
    "stale": Text(
        ja="注意: {functions} を定義するセルの最後の実行はエラーで終わりました。採点したのは"
           "それより前に定義された {functions} です。エラーを直してセルを実行し直してください。",
        en="Note: the last run of the cell that defines {functions} failed, so an earlier "
           "definition was checked. Fix the error and run that cell again.",
    ),
    "printed": Text(ja="関数が出力した内容（{lines} 行）", en="What your function printed "
                    "({lines} lines)"),
    "printed_cut": Text(ja="最初の {shown} 文字だけを表示しています（全 {total} 文字）。",
                        en="Showing the first {shown} of {total} characters."),
    "warnings": Text(ja="警告（減点はありません）", en="Warnings (no points lost)"),
}


def message(key: str, lang: Lang, **fields: object) -> str:
    """The message ``key`` in ``lang`` with its fields filled in."""
    return MESSAGES[key](lang, **fields)
