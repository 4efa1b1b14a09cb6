"""Numerical gradient by central differences."""

from __future__ import annotations

import numpy as np

from autograde.catalog.exercises.cases import arr, away_from_zero
from autograde.catalog.spec import Exercise, Misconception, hidden, public
from autograde.kit import testfuncs
from autograde.kit.plan import Output
from autograde.kit.text import Text
from reference import gradients as ref

H = 1e-4


def _perturb_loop(f, x, h=H, central=True, divisor=2.0, restore=True, float_x=True,
                  float_grad=True):
    """The lecture's loop (perturb one element in place, evaluate f, restore), with the knobs
    the misconceptions below turn: ``float_x`` perturbs a float64 copy of an integer x,
    ``float_grad`` makes grad float64 even when x is an integer array."""
    grad = np.zeros(x.shape) if float_grad else np.zeros_like(x)
    if float_x and x.dtype != np.float64:
        x = x.astype(np.float64)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        f_plus = f(x)
        if central:
            x[idx] = original - h
            f_minus = f(x)
            grad[idx] = (f_plus - f_minus) / (divisor * h)
        else:
            x[idx] = original
            grad[idx] = (f_plus - f(x)) / h
        if restore:
            x[idx] = original
    return grad


def _whole_vector(f, x):
    """Every element perturbed at once: one directional derivative, not a gradient."""
    return (f(x + H) - f(x - H)) / (2 * H)


def _random_float(rng: np.random.Generator):
    """1-D and 2-D x (|x| ≥ 0.15, so restoring by arithmetic stays exact enough)."""
    separable = [testfuncs.sum_of_squares, testfuncs.cubic]
    pick = separable[int(rng.integers(2))]
    return [(pick, away_from_zero(rng, (int(rng.integers(3, 7)),), gap=0.05)),
            (testfuncs.cubic, away_from_zero(rng, (3, 4), gap=0.05)),
            (testfuncs.sine_mix, away_from_zero(rng, (2, 3), gap=0.05)),
            (testfuncs.valley, away_from_zero(rng, (2,), scale=2.0, gap=0.05))]


def _random_int(rng: np.random.Generator):
    return [(testfuncs.sum_of_squares, rng.integers(-5, 6, size=5).astype(np.int64)),
            (testfuncs.cubic, rng.integers(-3, 4, size=(2, 3)).astype(np.int64)),
            (testfuncs.sine_mix, rng.integers(1, 4, size=(3,)).astype(np.int64))]


NUMERICAL_GRADIENT = Exercise(
    id="numerical_gradient",
    title=Text(ja="数値微分による勾配", en="Numerical gradient"),
    signature="numerical_gradient(f, x)",
    reference=ref.numerical_gradient,
    outputs=[Output(name="grad")],
    writable=(1,),
    checks=[
        public("基本の例 f = Σx²", "basic example f = Σx²", 1,
               [(testfuncs.sum_of_squares, arr(3.0, 4.0))]),
        public("中心差分の精度（cubic, valley）", "central-difference accuracy (cubic, valley)",
               1.5, [(testfuncs.cubic, arr(1.0, -0.5, 2.0)), (testfuncs.valley, arr(-3.0, 2.0))]),
        public("2 次元の x（sine_mix）", "2-D x (sine_mix)", 1,
               [(testfuncs.sine_mix, arr([[0.5, -1.0, 2.0], [1.5, -0.25, 0.75]]))]),
        public("整数の x", "integer x", 0.5,
               [(testfuncs.sum_of_squares, np.array([3, -2, 1], dtype=np.int64)),
                (testfuncs.valley, np.array([3, -2], dtype=np.int64))]),
        hidden("ランダムな x（1 次元・2 次元）", "random x (1-D and 2-D)", 1.5, _random_float),
        hidden("ランダムな整数の x", "random integer x", 0.5, _random_int),
    ],
    misconceptions=[
        Misconception("numerical_gradient.forward_difference",
                      lambda f, x: _perturb_loop(f, x, central=False),
                      name=Text(ja="前方差分になっている",
                                en="forward instead of central difference"),
                      hint=Text(
            ja="前方差分 (f(x+h) − f(x)) / h になっていませんか。中心差分 "
               "(f(x+h) − f(x−h)) / 2h の方が誤差がずっと小さくなります。",
            en="Is this the forward difference (f(x+h) − f(x)) / h? The central difference "
               "(f(x+h) − f(x−h)) / 2h is much more accurate.")),
        Misconception("numerical_gradient.mutates_input",
                      lambda f, x: _perturb_loop(f, x, restore=False),
                      name=Text(ja="x を元に戻していない", en="x not restored"),
                      hint=Text(
            ja="ずらした要素を元の値に戻しましたか。関数から戻ったとき x は呼ぶ前と同じでなければ"
               "いけません（次の要素の計算も狂います）。",
            en="Did you put each perturbed element back? x must be unchanged when the function "
               "returns (otherwise the next elements are computed at the wrong point, too)."),
            match="unrestored"),
        Misconception("numerical_gradient.tiny_h",
                      lambda f, x: _perturb_loop(f, x, h=1e-50),
                      name=Text(ja="h が小さすぎる", en="h too small (rounded away)"),
                      hint=Text(
            ja="h が小さすぎませんか。1e-50 のような h は x に足しても丸められて消え、"
               "勾配が 0 になります。h = 1e-4 を使いましょう。",
            en="Is h too small? An h like 1e-50 is rounded away when added to x, so the "
               "gradient comes out 0. Use h = 1e-4.")),
        Misconception("numerical_gradient.missing_half",
                      lambda f, x: _perturb_loop(f, x, divisor=1.0),
                      name=Text(ja="2h ではなく h で割っている", en="divided by h instead of 2h"),
                      hint=Text(
            ja="x+h と x−h の間隔は 2h です。差を h で割っていませんか。",
            en="x+h and x−h are 2h apart. Do you divide the difference by h only?")),
        Misconception("numerical_gradient.int_truncation",
                      lambda f, x: _perturb_loop(f, x, float_x=False, float_grad=False),
                      name=Text(ja="整数の配列で x ± h が切り捨て",
                                en="x ± h truncated in an integer array"),
                      hint=Text(
            ja="整数の配列に x ± h を代入すると小数部分が切り捨てられ、x が正しくずれないため"
               "勾配がでたらめになります。float の配列に変換してからずらしましょう"
               "（勾配の配列も float に）。",
            en="Assigning x ± h into an integer array truncates the fraction, so x is not "
               "shifted as intended and the gradient is garbage. Convert to a float array "
               "before perturbing (and make grad a float array too).")),
        Misconception("numerical_gradient.int_grad",
                      lambda f, x: _perturb_loop(f, x, float_grad=False),
                      name=Text(ja="勾配の配列が整数型", en="integer gradient array"),
                      hint=Text(
            ja="勾配を入れる配列が整数型になっていませんか。np.zeros_like(x) は整数の x から"
               "整数の配列を作るので、0.3 のような値が切り捨てられます。",
            en="Is the array that collects the gradient an integer array? np.zeros_like(x) of "
               "an integer x is an integer array, so values like 0.3 are truncated.")),
        Misconception("numerical_gradient.whole_vector", _whole_vector,
                      name=Text(ja="全要素を一度にずらしている", en="all elements shifted at once"),
                      hint=Text(
            ja="すべての要素を一度にずらしていませんか。偏微分は 1 つの要素だけをずらし、"
               "ほかの要素は固定して求めます。結果は x と同じ形の配列です。",
            en="Do you shift all elements at once? A partial derivative shifts one element "
               "while the others stay fixed; the result is an array of x's shape.")),
    ],
)

EXERCISES = [NUMERICAL_GRADIENT]
