"""Capstones: train a network with your own code, scored by held-out accuracy.

The cases are train/test splits of the bundled data sets with the true test labels as the
expected output. The mutants only need the *form* of a wrong answer (shape, labels or
fractions) or predictions that agree with a wrong answer, so they use quick stand-in models
(logistic regression, nearest class mean) instead of training a network while plans are built.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from autograde.catalog.spec import Exercise, Labelled, Misconception, hidden, public
from autograde.kit.plan import Accuracy, Output
from autograde.kit.settings import FIT_SECONDS
from autograde.kit.text import Text
from reference import capstones as ref
from reference import datasets

PUBLIC_SPLIT_SEED = 0
IRIS_TEST_FRACTION = 0.3  # 70 training and 30 test samples
DIGITS_TEST_FRACTION = 0.25  # about 1350 training and 450 test images
SIGNATURE = "fit(x, t) -> model; predict(model, x) -> labels"


def _split_cases(load: Callable, test_fraction: float, random_split: bool):
    """A case source: one train/test split, by the fixed public seed or a seed from ``rng``."""

    def cases(rng: np.random.Generator) -> list[Labelled]:
        split_seed = int(rng.integers(2**31)) if random_split else PUBLIC_SPLIT_SEED
        x_train, t_train, x_test, t_test = datasets.split(*load(), test_fraction, split_seed)
        return [Labelled(args=(x_train, t_train, x_test), expected=(t_test,))]

    return cases


def _capstone_checks(load: Callable, test_fraction: float):
    return [
        public("公開の分割で学習してテスト", "train and test on the public split", 2,
               _split_cases(load, test_fraction, random_split=False)),
        hidden("別の分割で学習してテスト", "train and test on another split", 3,
               _split_cases(load, test_fraction, random_split=True)),
    ]


_iris_binary = functools.cache(datasets.iris_binary)
_digits = functools.cache(datasets.digits)
"""Each data set is read once per process (:func:`datasets.split` copies what it returns)."""


# --- quick stand-in models for the mutants ----------------------------------------------------

def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b)


def _fitted_once(fit: Callable) -> Callable:
    """``fit``, remembering its last few models: every mutant of a capstone fits the same
    stand-in model on the same training split (each gets its own copy of it), so it is
    fitted once per case. Comparing the data costs far less than fitting or hashing it."""
    models: list[tuple[np.ndarray, np.ndarray, object]] = []

    @functools.wraps(fit)
    def fitted(x: np.ndarray, t: np.ndarray):
        x, t = np.asarray(x), np.asarray(t)
        for known_x, known_t, model in models:
            if _same(x, known_x) and _same(t, known_t):
                return model
        model = fit(x, t)
        models[:] = [(x, t, model), *models[:3]]
        return model

    return fitted


@_fitted_once
def _logistic_fit(x, t, steps: int = 500, lr: float = 0.5):
    """Logistic regression on standardised inputs (≥ 0.96 held-out accuracy on Iris 0/1)."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / std
    w, b = np.zeros(x.shape[1]), 0.0
    zt, n = lr * z.T, len(t)
    for _ in range(steps):
        error = 1 / (1 + np.exp(-(z @ w + b))) - t
        w = w - zt @ error / n
        b = b - lr * (error.sum() / n)
    return mean, std, w, b


def _logistic_probability(model, x) -> np.ndarray:
    """P(class 1); the logit is clipped so that no probability rounds to exactly 0 or 1."""
    mean, std, w, b = model
    return 1 / (1 + np.exp(-np.clip((x - mean) / std @ w + b, -20, 20)))


def _logistic_labels(model, x) -> np.ndarray:
    return (_logistic_probability(model, x) > 0.5).astype(np.int64)


@_fitted_once
def _centroid_fit(x, t):
    """Nearest class mean (about 0.9 held-out accuracy on digits)."""
    classes = np.unique(t)
    return classes, np.stack([x[t == c].mean(axis=0) for c in classes])


def _centroid_probabilities(model, x) -> np.ndarray:
    """(N, classes) softmax of the negative squared distances to the class means."""
    _, means = model
    scores = -0.01 * ((x[:, None, :] - means[None, :, :]) ** 2).sum(axis=-1)
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def _centroid_labels(model, x) -> np.ndarray:
    classes, _ = model
    return classes[np.argmax(_centroid_probabilities(model, x), axis=1)]


IRIS_BINARY = Exercise(
    id="iris_binary",
    title=Text(ja="Iris の 2 クラス分類（総合課題）", en="Two-class Iris (capstone)"),
    signature=SIGNATURE,
    functions=("fit", "predict"),
    protocol="fit_predict",
    reference=(ref.iris_fit, ref.iris_predict),
    outputs=[Output(name="labels", accuracy=Accuracy())],
    time_limit=FIT_SECONDS,
    checks=_capstone_checks(_iris_binary, IRIS_TEST_FRACTION),
    misconceptions=[
        Misconception("iris_binary.probabilities",
                      (_logistic_fit, _logistic_probability),
                      name=Text(ja="確率をそのまま返している",
                                en="returns probabilities, not labels"),
                      hint=Text(
            ja="predict がシグモイドの出力（0〜1 の確率）をそのまま返していませんか。"
               "0.5 をしきい値にして 0 か 1 のラベルにしましょう。",
            en="Does predict return the sigmoid outputs (probabilities between 0 and 1)? "
               "Threshold them at 0.5 to get labels 0 or 1."), match="form"),
        Misconception("iris_binary.column_vector",
                      (_logistic_fit, lambda model, x: _logistic_labels(model, x)[:, None]),
                      name=Text(ja="(N, 1) の列ベクトルで返している",
                                en="labels as an (N, 1) column"),
                      hint=Text(
            ja="ラベルを (N, 1) の列ベクトルで返していませんか。predict は形 (N,) の"
               "配列を返します（ravel や [:, 0] で 1 次元にできます）。",
            en="Do you return the labels as an (N, 1) column? predict returns shape (N,) "
               "(ravel() or [:, 0] makes it 1-D)."), match="form"),
        Misconception("iris_binary.inverted_labels",
                      (_logistic_fit, lambda model, x: 1 - _logistic_labels(model, x)),
                      name=Text(ja="0 と 1 が逆", en="labels 0 and 1 swapped"),
                      hint=Text(
            ja="0 と 1 が逆になっていませんか。t = 1 は versicolor、t = 0 は setosa です。"
               "出力が 1 に近いときにラベル 1 を返します。",
            en="Are 0 and 1 swapped? t = 1 is versicolor, t = 0 setosa; return label 1 "
               "where the output is close to 1."), match="agreement"),
        Misconception("iris_binary.sign_labels",
                      (_logistic_fit, lambda model, x: 2 * _logistic_labels(model, x) - 1),
                      name=Text(ja="ラベルが −1 と 1", en="labels −1 and 1 instead of 0 and 1"),
                      hint=Text(
            ja="ラベルを −1 と 1 で返していませんか。この課題のラベルは t と同じ 0 と 1 です。",
            en="Do you return labels −1 and 1? The labels here are 0 and 1, like t."),
                      match="agreement"),
    ],
)

DIGITS_MLP = Exercise(
    id="digits_mlp",
    title=Text(ja="手書き数字の MLP（総合課題）", en="An MLP for handwritten digits (capstone)"),
    signature=SIGNATURE,
    functions=("fit", "predict"),
    protocol="fit_predict",
    reference=(ref.digits_fit, ref.digits_predict),
    outputs=[Output(name="labels", accuracy=Accuracy())],
    time_limit=FIT_SECONDS,
    checks=_capstone_checks(_digits, DIGITS_TEST_FRACTION),
    misconceptions=[
        Misconception("digits_mlp.scores", (_centroid_fit, _centroid_probabilities),
                      name=Text(ja="各クラスのスコアを返している",
                                en="returns class scores, not labels"),
                      hint=Text(
            ja="predict がネットワークの出力（各クラスのスコアや確率、形 (N, 10)）を"
               "そのまま返していませんか。最も大きいクラスの番号を返します。",
            en="Does predict return the network's outputs (scores or probabilities per "
               "class, shape (N, 10))? Return the number of the largest class."),
                      match="form"),
        Misconception("digits_mlp.one_hot",
                      (_centroid_fit, lambda model, x: np.eye(10)[_centroid_labels(model, x)]),
                      name=Text(ja="one-hot で返している", en="returns one-hot labels"),
                      hint=Text(
            ja="ラベルを one-hot（形 (N, 10)）で返していませんか。predict は 0〜9 の"
               "クラス番号を形 (N,) で返します。",
            en="Do you return one-hot labels (shape (N, 10))? predict returns class numbers "
               "0–9 with shape (N,)."), match="form"),
        Misconception("digits_mlp.argmax_wrong_axis",
                      (_centroid_fit,
                       lambda model, x: np.argmax(_centroid_probabilities(model, x), axis=0)),
                      name=Text(ja="argmax の軸が違う", en="argmax along the wrong axis"),
                      hint=Text(
            ja="argmax の軸が違っていませんか。各サンプル（各行）ごとに axis=1 で"
               "最大のクラスを選びます。",
            en="Is argmax taken along the wrong axis? Pick the largest class of each sample "
               "(each row) with axis=1."), match="form"),
        Misconception("digits_mlp.max_instead_of_argmax",
                      (_centroid_fit,
                       lambda model, x: np.max(_centroid_probabilities(model, x), axis=1)),
                      name=Text(ja="argmax ではなく max", en="max instead of argmax"),
                      hint=Text(
            ja="max と argmax を取り違えていませんか。max は最大の確率の値、argmax は"
               "そのクラスの番号です。",
            en="Did you mix up max and argmax? max gives the largest probability, argmax the "
               "class it belongs to."), match="form"),
    ],
)

EXERCISES = [IRIS_BINARY, DIGITS_MLP]
