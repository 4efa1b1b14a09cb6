"""Loss functions: sum of squared errors and cross-entropy."""

from __future__ import annotations

import numpy as np

from autograde.catalog.exercises.cases import arr, labels, normal, one_hot, probabilities
from autograde.catalog.spec import Exercise, Misconception, hidden, public
from autograde.kit.text import Text
from reference import losses as ref

EPS = 1e-7

# The lecture's example: ten classes, the network puts 0.6 on the right one (class 2).
_Y10 = arr(0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0)
_T10 = one_hot(np.array(2), 10)


def _batch(y):
    """The ``(N, classes)`` form of y, and what N is."""
    y = np.asarray(y, dtype=np.float64)
    return (y.reshape(1, -1), 1) if y.ndim == 1 else (y, y.shape[0])


def _hot(y, t):
    """t as one-hot of y's shape, whichever form it came in."""
    y, t = np.asarray(y), np.asarray(t)
    return t if t.size == y.size else one_hot(t, y.shape[-1]).reshape(y.shape)


def _random_sse(rng: np.random.Generator):
    t = labels(rng, 5, 4)
    return [(probabilities(rng, (5, 4)), one_hot(t, 4)),
            (probabilities(rng, (6,)), one_hot(labels(rng, 1, 6)[0], 6))]


SUM_SQUARED_ERROR = Exercise(
    id="sum_squared_error",
    title=Text(ja="二乗和誤差", en="Sum of squared errors"),
    signature="sum_squared_error(y, t)",
    reference=ref.sum_squared_error,
    checks=[
        public("1 サンプル（10 クラス）", "one sample (10 classes)", 1, [(_Y10, _T10)]),
        public("バッチは合計する", "a batch is summed", 1,
               [(arr([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]),
                 arr([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))]),
        public("回帰（任意の実数）", "regression (any real values)", 1,
               [(arr(1.5, -2.0, 0.5), arr(1.0, -1.0, 2.5))]),
        hidden("ランダムな確率と正解", "random probabilities and targets", 1, _random_sse),
        hidden("大きさの違う値", "large and small magnitudes", 1,
               lambda rng: [(normal(rng, (3, 4), 1e3), normal(rng, (3, 4), 1e3)),
                            (normal(rng, (7,), 1e-3), normal(rng, (7,), 1e-3))]),
    ],
    misconceptions=[
        Misconception("sum_squared_error.no_half",
                      lambda y, t: np.sum((np.asarray(y) - t) ** 2),
                      name=Text(ja="0.5 を掛け忘れ", en="factor 0.5 left out"),
                      hint=Text(
            ja="0.5 をかけ忘れていませんか。0.5 は微分したときの 2 と打ち消し合うために付けます。",
            en="Did you forget the factor 0.5? It is there to cancel the 2 of the derivative.")),
        Misconception("sum_squared_error.no_square",
                      lambda y, t: 0.5 * np.sum(np.asarray(y) - t),
                      name=Text(ja="差を二乗していない", en="differences not squared"),
                      hint=Text(
            ja="差を二乗しましたか。二乗しないと正の誤差と負の誤差が打ち消し合ってしまいます。",
            en="Did you square the differences? Without the square, positive and negative "
               "errors cancel out.")),
        Misconception("sum_squared_error.mean",
                      lambda y, t: 0.5 * np.mean((np.asarray(y) - t) ** 2),
                      name=Text(ja="全要素の平均（np.mean）",
                                en="mean over all elements (np.mean)"),
                      hint=Text(
            ja="np.mean で平均していませんか。二乗和誤差はすべての要素の合計です。",
            en="Do you average with np.mean? The sum of squared errors is a sum over all "
               "elements.")),
        Misconception("sum_squared_error.batch_mean",
                      lambda y, t: 0.5 * np.sum((np.asarray(y) - t) ** 2) / len(y),
                      name=Text(ja="バッチの大きさ N で割っている",
                                en="divided by the batch size N"),
                      hint=Text(
            ja="バッチの大きさ N で割っていませんか。この演習ではバッチも平均せず合計します。",
            en="Do you divide by the batch size N? In this exercise the batch is summed, "
               "not averaged.")),
    ],
)


def _labels_case(rng: np.random.Generator, n: int, classes: int):
    return (probabilities(rng, (n, classes)), labels(rng, n, classes))


def _zero_at_true_class(rng: np.random.Generator):
    """A batch where one sample gives probability exactly 0 to its right class."""
    y, t = _labels_case(rng, 4, 5)
    k = int(rng.integers(4))
    y[k, t[k]] = 0.0
    y[k] /= y[k].sum()
    return [(y, t), (y, one_hot(t, 5))]


def _random_cee(rng: np.random.Generator):
    y, t = _labels_case(rng, 6, 4)
    single = probabilities(rng, (5,))
    label = labels(rng, 1, 5)[0:1].reshape(())
    return [(y, t), (y, one_hot(t, 4)), (single, label), (single, one_hot(label, 5))]


def _no_epsilon(y, t):
    """-Σ t log(y) / N without the 1e-7: inf when the right class has probability 0 (and NaN,
    0 · log 0, where a wrong class has it), so both the one-hot form and the book's label form
    of this mistake match it on every case they fail."""
    return -np.sum(_hot(y, t) * np.log(y)) / _batch(y)[1]


CROSS_ENTROPY_ERROR = Exercise(
    id="cross_entropy_error",
    title=Text(ja="交差エントロピー誤差", en="Cross-entropy error"),
    signature="cross_entropy_error(y, t)",
    reference=ref.cross_entropy_error,
    checks=[
        public("1 サンプル（one-hot とラベル）", "one sample (one-hot and label)", 1,
               [(_Y10, _T10), (_Y10, np.array(2, dtype=np.int64))]),
        public("バッチは平均する（one-hot とラベル）", "a batch is averaged (one-hot and labels)",
               1, [(arr([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]),
                    arr([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])),
                   (arr([[0.5, 0.25, 0.25], [0.2, 0.7, 0.1], [0.1, 0.3, 0.6]]),
                    np.array([0, 2, 2], dtype=np.int64))]),
        public("正解クラスの確率が 0 でも有限", "finite when the right class has probability 0",
               1, [(arr([[0.0, 0.75, 0.25], [0.3, 0.5, 0.2]]), np.array([0, 1], dtype=np.int64)),
                   (arr(0.5, 0.0, 0.5), arr(0.0, 1.0, 0.0))]),
        hidden("ランダムな確率と正解", "random probabilities and targets", 1, _random_cee),
        hidden("確率 0 を含むバッチ", "batches with a probability 0", 1, _zero_at_true_class),
    ],
    misconceptions=[
        Misconception("cross_entropy_error.missing_minus",
                      lambda y, t: -ref.cross_entropy_error(y, t),
                      name=Text(ja="マイナス記号を付け忘れ", en="minus sign left out"),
                      hint=Text(
            ja="マイナス記号を忘れていませんか。log(確率) は 0 以下なので、誤差を正にするには"
               "符号を反転します。",
            en="Did you forget the minus sign? log(probability) is ≤ 0, so the sign is flipped "
               "to make the error positive.")),
        Misconception("cross_entropy_error.no_epsilon", _no_epsilon,
                      name=Text(ja="log に 1e-7 を足していない", en="no 1e-7 inside the log"),
                      hint=Text(
            ja="log(0) は -inf です。正解クラスの確率が 0 でも有限になるよう、"
               "log の中に小さな値 1e-7 を足しましょう。",
            en="log(0) is -inf. Add a tiny 1e-7 inside the log so that the error stays finite "
               "when the right class has probability 0.")),
        Misconception("cross_entropy_error.no_batch_mean",
                      lambda y, t: ref.cross_entropy_error(y, t) * _batch(y)[1],
                      name=Text(ja="バッチの大きさ N で割っていない",
                                en="not divided by the batch size N"),
                      hint=Text(
            ja="バッチの大きさ N で割りましたか。交差エントロピー誤差はサンプルあたりの平均です。",
            en="Did you divide by the batch size N? The cross-entropy error is the mean per "
               "sample.")),
        Misconception("cross_entropy_error.labels_as_one_hot",
                      lambda y, t: -np.sum(t * np.log(np.asarray(y) + EPS)) / _batch(y)[1],
                      name=Text(ja="ラベルを one-hot 扱い", en="labels t multiplied as if one-hot"),
                      hint=Text(
            ja="t がクラスラベル（例: [0, 2, 2]）のときも one-hot として掛け算していませんか。"
               "ラベルのときは y[np.arange(N), t] で正解クラスの確率を取り出します。",
            en="Do you multiply by t even when t holds class labels (e.g. [0, 2, 2])? For "
               "labels, pick the right class's probability with y[np.arange(N), t].")),
        Misconception("cross_entropy_error.mean_over_classes",
                      lambda y, t: -np.mean(_hot(y, t) * np.log(np.asarray(y) + EPS)),
                      name=Text(ja="クラス数でも割っている",
                                en="also divided by the number of classes"),
                      hint=Text(
            ja="np.mean ですべての要素を平均していませんか。クラス数でも割ることになります。"
               "クラス方向は合計し、サンプル数 N でだけ割ります。",
            en="Do you average all elements with np.mean? That also divides by the number of "
               "classes; sum over the classes and divide only by the number of samples N.")),
        Misconception("cross_entropy_error.one_sample_as_batch",
                      lambda y, t: -np.sum(_hot(y, t) * np.log(np.asarray(y) + EPS))
                      / np.shape(y)[0],
                      name=Text(ja="1 次元の y をバッチ扱い", en="1-D y counted as a batch"),
                      hint=Text(
            ja="1 次元の y は 1 サンプルです。y.shape[0] がクラス数になっていませんか。"
               "reshape(1, -1) で (1, クラス数) にしてから N を数えましょう。",
            en="A 1-D y is one sample. Is y.shape[0] the number of classes here? Reshape to "
               "(1, classes) with reshape(1, -1) before counting N.")),
    ],
)

EXERCISES = [SUM_SQUARED_ERROR, CROSS_ENTROPY_ERROR]
