"""Activation functions: step, sigmoid, ReLU, identity, softmax."""

from __future__ import annotations

import numpy as np

from autograde.catalog.exercises.cases import arr, away_from_zero, normal
from autograde.catalog.spec import Exercise, Misconception, hidden, public
from autograde.kit.text import Text
from reference import activations as ref


def _elementwise_checks(public_case: np.ndarray, scale: float):
    """The checks every elementwise activation gets: public example, batch, extremes."""
    return [
        public("基本の例", "basic example", 1, [(public_case,)]),
        public("行列（バッチ）の入力", "matrix (batch) input",
               1, [(arr([[-3.0, 0.25], [1.5, -0.75]]),)]),
        hidden("ランダムな入力", "random inputs", 1,
               lambda rng: [(away_from_zero(rng, (7,), scale),),
                            (away_from_zero(rng, (3, 4), scale),)]),
        hidden("極端な大きさの値", "extreme magnitudes", 1,
               lambda rng: [(away_from_zero(rng, (6,), 1e3),),
                            (away_from_zero(rng, (2, 3), 1e-6),)]),
    ]


STEP = Exercise(
    id="step",
    title=Text(ja="ステップ関数", en="Step function"),
    signature="step(x)",
    reference=ref.step,
    checks=_elementwise_checks(arr(-2.0, -0.5, 0.5, 3.0), scale=5.0),
    misconceptions=[
        Misconception("step.sign", np.sign,
                      name=Text(ja="負の入力に -1 を返している",
                                en="returns -1 for negative inputs"),
                      hint=Text(
            ja="負の入力に対して -1 を返していませんか。ステップ関数の出力は 0 か 1 だけです。",
            en="Do you return -1 for negative inputs? A step function outputs only 0 or 1.")),
        Misconception("step.inverted", lambda x: (np.asarray(x) <= 0) * 1.0,
                      name=Text(ja="0 と 1 が逆", en="0 and 1 swapped"),
                      hint=Text(
            ja="0 と 1 が逆になっていませんか。入力が正のときに 1 を出力します。",
            en="Are 0 and 1 swapped? The output is 1 where the input is positive.")),
        Misconception("step.relu_confusion", lambda x: np.maximum(0, x),
                      name=Text(ja="ReLU と取り違えている", en="ReLU instead of a step"),
                      hint=Text(
            ja="正の入力をそのまま返していませんか。それは ReLU です。"
               "ステップ関数は「発火したかどうか」だけを 0/1 で表します。",
            en="Do you pass positive inputs through unchanged? That is ReLU; the step function "
               "only says whether the neuron fires (0 or 1).")),
    ],
)

SIGMOID = Exercise(
    id="sigmoid",
    title=Text(ja="シグモイド関数", en="Sigmoid function"),
    signature="sigmoid(x)",
    reference=ref.sigmoid,
    checks=[
        *_elementwise_checks(arr(-2.0, 0.0, 1.0, 3.0), scale=4.0),
        public("±1000 でも NaN にならない", "no NaN at ±1000", 1,
               [(arr(-1000.0, -30.0, 30.0, 1000.0),)]),
    ],
    misconceptions=[
        Misconception("sigmoid.sign", lambda x: 1 / (1 + np.exp(x)),
                      name=Text(ja="exp の符号が逆", en="sign inside exp flipped"),
                      hint=Text(
            ja="exp の中の符号を確かめましょう。入力が大きいほど出力は 1 に近づくはずです。",
            en="Check the sign inside exp: larger inputs should give outputs closer to 1.")),
        Misconception("sigmoid.unstable_form", lambda x: np.exp(x) / (1 + np.exp(x)),
                      name=Text(ja="大きな x で NaN になる形",
                                en="exp(x)/(1+exp(x)): NaN for large x"),
                      hint=Text(
            ja="exp(x)/(1+exp(x)) は x が大きいと inf/inf = NaN になります。"
               "1/(1+exp(-x)) の形を使いましょう。",
            en="exp(x)/(1+exp(x)) becomes inf/inf = NaN for large x; use 1/(1+exp(-x)).")),
        Misconception("sigmoid.tanh", np.tanh,
                      name=Text(ja="tanh になっている", en="tanh instead of the sigmoid"),
                      hint=Text(
            ja="tanh ではありませんか。シグモイドの出力は 0 から 1 の間です（tanh は -1 から 1）。",
            en="Is this tanh? The sigmoid's output lies between 0 and 1 "
               "(tanh's between -1 and 1).")),
        Misconception("sigmoid.derivative", ref.sigmoid_grad,
                      name=Text(ja="導関数を返している", en="returns the derivative"),
                      hint=Text(
            ja="それは導関数 σ(x)(1−σ(x)) です。関数そのものを返しましょう。",
            en="That is the derivative σ(x)(1−σ(x)); return the function itself.")),
    ],
)

RELU = Exercise(
    id="relu",
    title=Text(ja="ReLU 関数", en="ReLU function"),
    signature="relu(x)",
    reference=ref.relu,
    checks=_elementwise_checks(arr(-2.0, -1.0, 0.5, 3.0), scale=10.0),
    misconceptions=[
        Misconception("relu.mask", lambda x: np.asarray(x) > 0,
                      name=Text(ja="真偽値マスクを返している", en="returns the mask x > 0"),
                      hint=Text(
            ja="x > 0 の結果（True/False）をそのまま返していませんか。"
               "正の部分は値そのものを通します。",
            en="Do you return the mask x > 0 (True/False)? Positive inputs should pass "
               "through with their value.")),
        Misconception("relu.min", lambda x: np.minimum(0, x),
                      name=Text(ja="max と min の取り違え", en="max and min mixed up"),
                      hint=Text(
            ja="max と min を取り違えていませんか。負の入力が 0 になり、正の入力が残ります。",
            en="Did you mix up max and min? Negative inputs become 0, positive ones stay.")),
        Misconception("relu.abs", np.abs,
                      name=Text(ja="絶対値を返している", en="returns the absolute value"),
                      hint=Text(
            ja="絶対値ではありません。負の入力は 0 にします。",
            en="It is not the absolute value: negative inputs become 0.")),
        Misconception("relu.leaky", lambda x: np.where(np.asarray(x) > 0, x, 0.01 * x),
                      name=Text(ja="Leaky ReLU になっている", en="Leaky ReLU instead of ReLU"),
                      hint=Text(
            ja="負の入力に小さな傾きを残すのは Leaky ReLU です。ReLU では負の入力は 0 です。",
            en="A small slope for negative inputs is Leaky ReLU; in ReLU they become 0.")),
    ],
)

IDENTITY = Exercise(
    id="identity",
    title=Text(ja="恒等関数", en="Identity function"),
    signature="identity(x)",
    reference=ref.identity,
    checks=_elementwise_checks(arr(-1.5, 0.0, 2.0), scale=3.0),
    misconceptions=[
        Misconception("identity.relu", lambda x: np.maximum(0, x),
                      name=Text(ja="負の値を 0 にしている", en="sets negative values to 0"),
                      hint=Text(
            ja="負の値を 0 にしていませんか。恒等関数は入力をそのまま返します。",
            en="Do you set negative values to 0? The identity returns its input unchanged.")),
        Misconception("identity.step", lambda x: (np.asarray(x) > 0) * 1.0,
                      name=Text(ja="0/1 に変換している", en="converts to 0/1"),
                      hint=Text(
            ja="0/1 に変換していませんか。恒等関数は値を変えずに返します。",
            en="Do you convert to 0/1? The identity returns the values unchanged.")),
        Misconception("identity.sigmoid", ref.sigmoid,
                      name=Text(ja="シグモイドを通している", en="squashes with the sigmoid"),
                      hint=Text(
            ja="出力層の恒等関数は値を 0〜1 に押し込めません。回帰ではそのまま出力します。",
            en="The identity output layer does not squash values into 0–1; regression outputs "
               "them as they are.")),
    ],
)


def _large_rows(rng: np.random.Generator):
    return [(normal(rng, (3, 4), 5.0) + 1000.0 * rng.choice([-1.0, 1.0], size=(3, 1)),)]


SOFTMAX = Exercise(
    id="softmax",
    title=Text(ja="ソフトマックス関数", en="Softmax function"),
    signature="softmax(x)",
    reference=ref.softmax,
    checks=[
        public("基本の例", "basic example", 1, [(arr(0.3, 2.9, 4.0),)]),
        public("大きな入力でもあふれない", "no overflow for large inputs", 1,
               [(arr(1010.0, 1000.0, 990.0),)]),
        public("バッチは行ごとに正規化", "a batch is normalised row by row", 1,
               [(arr([[1.0, 2.0, 3.0], [1.0, 1.0, -1.0]]),)]),
        hidden("ランダムなバッチ", "random batches", 1,
               lambda rng: [(normal(rng, (4, 5), 3.0),), (normal(rng, (6,), 3.0),)]),
        hidden("大きな値のバッチ", "batches of large values", 1, _large_rows),
    ],
    misconceptions=[
        Misconception("softmax.unstable",
                      lambda x: np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True),
                      name=Text(ja="最大値を引かずに exp", en="exp without subtracting the max"),
                      hint=Text(
            ja="exp(1010) はあふれて inf になります。各行の最大値を引いてから exp を取っても"
               "結果は変わりません。",
            en="exp(1010) overflows to inf. Subtracting each row's maximum before exp does "
               "not change the result.")),
        Misconception("softmax.wrong_axis",
                      lambda x: np.exp(x - np.max(x)) / np.sum(np.exp(x - np.max(x))),
                      name=Text(ja="バッチ全体で max と sum",
                                en="max and sum over the whole batch"),
                      hint=Text(
            ja="バッチ全体で max と sum を取っていませんか。各行（各サンプル）ごとに "
               "axis=-1, keepdims=True で計算します。",
            en="Do you take max and sum over the whole batch? Compute them per row "
               "(per sample) with axis=-1, keepdims=True.")),
        Misconception("softmax.axis0",
                      lambda x: np.exp(x - np.max(x, axis=0)) / np.sum(
                          np.exp(x - np.max(x, axis=0)), axis=0),
                      name=Text(ja="axis=0（列方向）で正規化", en="normalised along axis=0"),
                      hint=Text(
            ja="axis=0（列方向）で正規化していませんか。確率になるのは各行（最後の軸）です。",
            en="Do you normalise along axis=0 (columns)? Each row (the last axis) should "
               "sum to 1.")),
        Misconception("softmax.no_exp", lambda x: x / np.sum(x, axis=-1, keepdims=True),
                      name=Text(ja="exp を取り忘れ", en="exp left out"),
                      hint=Text(
            ja="exp を忘れていませんか。値をそのまま合計で割ると負の「確率」が出てしまいます。",
            en="Did you forget exp? Dividing the raw values by their sum can give negative "
               "'probabilities'.")),
    ],
)

EXERCISES = [STEP, SIGMOID, RELU, IDENTITY, SOFTMAX]
