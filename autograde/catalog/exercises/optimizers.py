"""Optimizer steps: SGD, Momentum, AdaGrad, RMSProp, Adam (state in, new state out)."""

from __future__ import annotations

import math

import numpy as np

from autograde.catalog.exercises.cases import arr, away_from_zero, normal, uniform
from autograde.catalog.spec import Exercise, Misconception, hidden, public
from autograde.kit.plan import Output
from autograde.kit.text import Text
from reference import optimizers as ref


def lin(low: float, high: float, shape: tuple[int, ...]) -> np.ndarray:
    """Evenly spaced values in ``shape`` (the cs231n way of writing readable test states)."""
    return np.linspace(low, high, num=math.prod(shape)).reshape(shape)


def _shapes(rng: np.random.Generator) -> list[tuple[int, ...]]:
    """A 1-D parameter vector and a weight matrix of random size."""
    return [(int(rng.integers(3, 8)),), (int(rng.integers(2, 5)), int(rng.integers(2, 6)))]


def _lr(rng: np.random.Generator) -> float:
    return float(rng.uniform(0.001, 0.3))


# --- SGD -------------------------------------------------------------------------------------

def _sgd_random(rng: np.random.Generator):
    return [(normal(rng, shape), normal(rng, shape), _lr(rng)) for shape in _shapes(rng)]


def _sgd_magnitudes(rng: np.random.Generator):
    return [(normal(rng, (4,), 1e3), normal(rng, (4,), 1e3), float(rng.uniform(1e-4, 1e-3))),
            (normal(rng, (2, 3), 1e-3), normal(rng, (2, 3), 1e-2), _lr(rng))]


SGD_STEP = Exercise(
    id="sgd_step",
    title=Text(ja="SGD の 1 ステップ", en="One SGD step"),
    signature="sgd_step(w, grad, lr)",
    reference=ref.sgd_step,
    outputs=[Output(name="w'")],
    checks=[
        public("基本の例", "basic example", 1,
               [(lin(-0.4, 0.6, (2, 3)), lin(-0.5, 0.5, (2, 3)), 0.1)]),
        public("1 次元のパラメータ", "a 1-D parameter vector", 1,
               [(arr(1.0, -2.0, 0.5, 3.0), arr(0.5, -1.0, 2.0, -0.25), 0.01)]),
        hidden("ランダムなパラメータと勾配", "random parameters and gradients", 1, _sgd_random),
        hidden("大きな値・小さな値", "large and small magnitudes", 1, _sgd_magnitudes),
    ],
    misconceptions=[
        Misconception("sgd_step.sign", lambda w, grad, lr: w + lr * grad,
                      name=Text(ja="勾配の向きに進んでいる", en="steps along the gradient"),
                      hint=Text(
            ja="勾配の向きに進んでいませんか。損失を減らすには勾配と逆向きに動かします。",
            en="Do you move along the gradient? To decrease the loss, step against it.")),
        Misconception("sgd_step.no_lr", lambda w, grad, lr: w - grad,
                      name=Text(ja="学習率 lr を掛け忘れ", en="learning rate lr left out"),
                      hint=Text(
            ja="学習率 lr を掛け忘れていませんか。一度に動かす量は lr × 勾配です。",
            en="Did you forget the learning rate? One step moves by lr × gradient.")),
        Misconception("sgd_step.returns_step", lambda w, grad, lr: -lr * grad,
                      name=Text(ja="更新量だけを返している", en="returns only the step"),
                      hint=Text(
            ja="更新量だけを返していませんか。返すのは更新後のパラメータ w − lr·grad です。",
            en="Do you return only the step? Return the updated parameters w − lr·grad.")),
    ],
)


# --- Momentum --------------------------------------------------------------------------------

def _momentum_random(rng: np.random.Generator):
    return [(normal(rng, shape), normal(rng, shape), normal(rng, shape, 0.1), _lr(rng),
             float(rng.uniform(0.5, 0.99))) for shape in _shapes(rng)]


def _momentum_magnitudes(rng: np.random.Generator):
    return [(normal(rng, (4,), 1e3), normal(rng, (4,), 1e3), normal(rng, (4,), 1.0),
             float(rng.uniform(1e-4, 1e-3)), 0.9),
            (normal(rng, (2, 3), 1e-3), normal(rng, (2, 3), 1e-2), normal(rng, (2, 3), 1e-4),
             _lr(rng), float(rng.uniform(0.5, 0.99)))]


def _momentum_pytorch(w, grad, v, lr, momentum):
    v_new = momentum * v + grad
    return w - lr * v_new, v_new


MOMENTUM_STEP = Exercise(
    id="momentum_step",
    title=Text(ja="Momentum の 1 ステップ", en="One Momentum step"),
    signature="momentum_step(w, grad, v, lr, momentum)",
    reference=ref.momentum_step,
    outputs=[Output(name="w'"), Output(name="v'")],
    checks=[
        public("基本の例", "basic example", 1,
               [(lin(-0.4, 0.6, (2, 3)), lin(-0.5, 0.5, (2, 3)), lin(0.6, 0.9, (2, 3)), 0.1,
                 0.9)]),
        public("最初のステップ（v = 0）", "the first step (v = 0)", 1,
               [(arr(1.0, -2.0, 0.5), arr(0.5, -1.0, 2.0), arr(0.0, 0.0, 0.0), 0.05, 0.8)]),
        hidden("ランダムな状態", "random states", 1, _momentum_random),
        hidden("大きな値・小さな値", "large and small magnitudes", 1, _momentum_magnitudes),
    ],
    misconceptions=[
        Misconception("momentum_step.sign",
                      lambda w, grad, v, lr, momentum: (w + momentum * v + lr * grad,
                                                        momentum * v + lr * grad),
                      name=Text(ja="勾配の項の符号が逆", en="gradient term's sign flipped"),
                      hint=Text(
            ja="勾配の項の符号を確かめましょう。v' = momentum·v − lr·grad で、"
               "速度は勾配と逆向きに加速します。",
            en="Check the sign of the gradient term: v' = momentum·v − lr·grad accelerates "
               "against the gradient.")),
        Misconception("momentum_step.old_velocity",
                      lambda w, grad, v, lr, momentum: (w + v, momentum * v - lr * grad),
                      name=Text(ja="古い v で w を動かしている", en="w moved with the old v"),
                      hint=Text(
            ja="w を古い v で動かしていませんか。先に v' を計算し、w' = w + v' とします。",
            en="Do you move w with the old v? Compute v' first, then w' = w + v'.")),
        Misconception("momentum_step.lr_outside", _momentum_pytorch,
                      name=Text(ja="lr を v の外で掛けている", en="lr outside v (PyTorch's form)"),
                      hint=Text(
            ja="v' = momentum·v + grad, w' = w − lr·v' は PyTorch の書き方です。"
               "この課題の v は lr を含んだ「移動量」です: v' = momentum·v − lr·grad。",
            en="v' = momentum·v + grad, w' = w − lr·v' is PyTorch's form. Here v is the step "
               "itself, lr included: v' = momentum·v − lr·grad.")),
        Misconception("momentum_step.swapped_args",
                      lambda w, grad, v, lr, momentum: (w + lr * v - momentum * grad,
                                                        lr * v - momentum * grad),
                      name=Text(ja="lr と momentum の取り違え", en="lr and momentum mixed up"),
                      hint=Text(
            ja="lr と momentum を取り違えていませんか。引数の順番は "
               "(w, grad, v, lr, momentum) です。",
            en="Did you mix up lr and momentum? The parameters come in the order "
               "(w, grad, v, lr, momentum).")),
    ],
)


# --- AdaGrad ---------------------------------------------------------------------------------

def _adaptive_state(rng: np.random.Generator, shape, grad_scale: float = 1.0):
    """(w, grad, h) for AdaGrad/RMSProp: |w| ≥ 0.3 and h ≥ 0.1, so that where eps sits
    (outside or inside the square root) stays far below the tolerance."""
    w = away_from_zero(rng, shape, 1.0, gap=0.1)
    return w, normal(rng, shape, grad_scale), uniform(rng, shape, 0.1, 2.0)


def _adagrad_random(rng: np.random.Generator):
    return [(*_adaptive_state(rng, shape), float(rng.uniform(0.001, 0.1)), 1e-7)
            for shape in _shapes(rng)]


def _adagrad_magnitudes(rng: np.random.Generator):
    """Huge gradients (h huge too: the step stays about lr) and tiny ones after a long history."""
    return [(normal(rng, (4,), 1e3), normal(rng, (4,), 1e3), uniform(rng, (4,), 1e5, 1e7),
             float(rng.uniform(0.1, 10.0)), 1e-7),
            (*_adaptive_state(rng, (2, 3), 1e-2), float(rng.uniform(0.01, 0.1)), 1e-7)]


def _adagrad_no_accumulation(w, grad, h, lr, eps=1e-7):
    h_new = grad**2
    return w - lr * grad / (np.sqrt(h_new) + eps), h_new


def _adagrad_stale_h(w, grad, h, lr, eps=1e-7):
    return w - lr * grad / (np.sqrt(h) + eps), h + grad**2


def _adagrad_no_sqrt(w, grad, h, lr, eps=1e-7):
    h_new = h + grad**2
    return w - lr * grad / (h_new + eps), h_new


def _adagrad_no_eps(w, grad, h, lr, eps=1e-7):
    h_new = h + grad**2
    return w - lr * grad / np.sqrt(h_new), h_new


ADAGRAD_STEP = Exercise(
    id="adagrad_step",
    title=Text(ja="AdaGrad の 1 ステップ", en="One AdaGrad step"),
    signature="adagrad_step(w, grad, h, lr, eps=1e-7)",
    reference=ref.adagrad_step,
    outputs=[Output(name="w'"), Output(name="h'")],
    checks=[
        public("基本の例", "basic example", 1,
               [(lin(-0.4, 0.6, (2, 3)), lin(-0.5, 0.5, (2, 3)), lin(0.6, 0.9, (2, 3)), 0.1,
                 1e-7)]),
        public("eps を省略した呼び出し", "a call that leaves eps at its default", 1,
               [(arr(1.0, -2.0, 0.5), arr(0.5, -1.0, 2.0), arr(0.25, 1.0, 4.0), 0.5)]),
        public("勾配が 0 の要素（h = 0）", "elements with zero gradient (h = 0)", 1,
               [(arr(0.3, -0.7, 1.2, 0.0), arr(0.0, 0.2, 0.0, -0.5), arr(0.0, 0.5, 0.0, 0.1),
                 0.01, 1e-7)]),
        hidden("ランダムな状態", "random states", 1, _adagrad_random),
        hidden("大きな値・小さな値", "large and small magnitudes", 1, _adagrad_magnitudes),
    ],
    misconceptions=[
        Misconception("adagrad_step.no_accumulation", _adagrad_no_accumulation,
                      name=Text(ja="勾配の 2 乗を累積していない",
                                en="squared gradients not accumulated"),
                      hint=Text(
            ja="h' を grad² だけにしていませんか。AdaGrad の h はこれまでの勾配の 2 乗を"
               "足し続けます（h' = h + grad²）。",
            en="Is h' just grad²? AdaGrad's h keeps adding up the squared gradients "
               "(h' = h + grad²).")),
        Misconception("adagrad_step.stale_h", _adagrad_stale_h,
                      name=Text(ja="古い h で割っている", en="divides by the old h"),
                      hint=Text(
            ja="w の更新に古い h を使っていませんか。先に h' を計算し、その h' で割ります。",
            en="Do you divide by the old h? Compute h' first and divide by sqrt(h').")),
        Misconception("adagrad_step.no_sqrt", _adagrad_no_sqrt,
                      name=Text(ja="平方根を取り忘れ", en="square root left out"),
                      hint=Text(
            ja="h' の平方根を取り忘れていませんか。割るのは sqrt(h') + eps です。",
            en="Did you forget the square root? Divide by sqrt(h') + eps.")),
        Misconception("adagrad_step.no_eps", _adagrad_no_eps,
                      name=Text(ja="eps を足し忘れ", en="eps left out"),
                      hint=Text(
            ja="eps を足し忘れていませんか。一度も勾配が来ていない要素は h' = 0 なので、"
               "0 で割ることになります。",
            en="Did you leave out eps? An element that never had a gradient has h' = 0, and "
               "you divide by zero.")),
    ],
)


# --- RMSProp ---------------------------------------------------------------------------------

def _rmsprop_random(rng: np.random.Generator):
    return [(*_adaptive_state(rng, shape), float(rng.uniform(0.001, 0.1)),
             float(rng.uniform(0.8, 0.999)), 1e-7) for shape in _shapes(rng)]


def _rmsprop_magnitudes(rng: np.random.Generator):
    """Huge gradients (h huge too: the step stays about lr) and tiny ones after a long history."""
    return [(normal(rng, (4,), 1e3), normal(rng, (4,), 1e3), uniform(rng, (4,), 1e5, 1e7),
             float(rng.uniform(1e-3, 1e-2)), 0.9, 1e-7),
            (*_adaptive_state(rng, (2, 3), 1e-2), float(rng.uniform(0.01, 0.1)), 0.99, 1e-7)]


def _rmsprop_decay_swapped(w, grad, h, lr, decay=0.99, eps=1e-7):
    h_new = (1 - decay) * h + decay * grad**2
    return w - lr * grad / (np.sqrt(h_new) + eps), h_new


def _rmsprop_stale_h(w, grad, h, lr, decay=0.99, eps=1e-7):
    return w - lr * grad / (np.sqrt(h) + eps), decay * h + (1 - decay) * grad**2


def _rmsprop_missing_one_minus_decay(w, grad, h, lr, decay=0.99, eps=1e-7):
    h_new = decay * h + grad**2
    return w - lr * grad / (np.sqrt(h_new) + eps), h_new


def _rmsprop_no_sqrt(w, grad, h, lr, decay=0.99, eps=1e-7):
    h_new = decay * h + (1 - decay) * grad**2
    return w - lr * grad / (h_new + eps), h_new


RMSPROP_STEP = Exercise(
    id="rmsprop_step",
    title=Text(ja="RMSProp の 1 ステップ", en="One RMSProp step"),
    signature="rmsprop_step(w, grad, h, lr, decay=0.99, eps=1e-7)",
    reference=ref.rmsprop_step,
    outputs=[Output(name="w'"), Output(name="h'")],
    checks=[
        public("基本の例", "basic example", 1,
               [(lin(-0.4, 0.6, (2, 3)), lin(-0.5, 0.5, (2, 3)), lin(0.6, 0.9, (2, 3)), 0.01,
                 0.9, 1e-7)]),
        public("decay と eps を省略した呼び出し",
               "a call that leaves decay and eps at their defaults", 1,
               [(arr(1.0, -2.0, 0.5), arr(0.5, -1.0, 2.0), arr(0.25, 1.0, 0.04), 0.001)]),
        hidden("ランダムな状態", "random states", 1, _rmsprop_random),
        hidden("大きな値・小さな値", "large and small magnitudes", 1, _rmsprop_magnitudes),
    ],
    misconceptions=[
        Misconception("rmsprop_step.decay_swapped", _rmsprop_decay_swapped,
                      name=Text(ja="decay と 1 − decay が逆", en="decay and (1 − decay) swapped"),
                      hint=Text(
            ja="decay と (1 − decay) を逆にしていませんか。古い h に decay を掛けて"
               "ゆっくり忘れ、新しい grad² は (1 − decay) だけ混ぜます。",
            en="Are decay and (1 − decay) swapped? The old h is multiplied by decay (slow "
               "forgetting); the new grad² gets the weight (1 − decay).")),
        Misconception("rmsprop_step.stale_h", _rmsprop_stale_h,
                      name=Text(ja="古い h で割っている", en="divides by the old h"),
                      hint=Text(
            ja="w の更新に古い h を使っていませんか。先に h' を計算し、その h' で割ります。",
            en="Do you divide by the old h? Compute h' first and divide by sqrt(h').")),
        Misconception("rmsprop_step.missing_one_minus_decay", _rmsprop_missing_one_minus_decay,
                      name=Text(ja="(1 − decay) を掛け忘れ", en="factor (1 − decay) left out"),
                      hint=Text(
            ja="grad² に (1 − decay) を掛け忘れていませんか。h' は古い h と grad² の"
               "重み付き平均です。",
            en="Did you forget the factor (1 − decay) on grad²? h' is a weighted average of "
               "the old h and grad².")),
        Misconception("rmsprop_step.no_sqrt", _rmsprop_no_sqrt,
                      name=Text(ja="平方根を取り忘れ", en="square root left out"),
                      hint=Text(
            ja="h' の平方根を取り忘れていませんか。割るのは sqrt(h') + eps です。",
            en="Did you forget the square root? Divide by sqrt(h') + eps.")),
    ],
)


# --- Adam ------------------------------------------------------------------------------------

def _adam_state(rng: np.random.Generator, shape, scale: float = 1.0):
    """(w, grad, m, v) with |grad| ≥ 1e-2·scale and moments of the gradient's size."""
    grad = away_from_zero(rng, shape, scale)
    m = normal(rng, shape, scale)
    v = (scale * 3) ** 2 * uniform(rng, shape, 0.01, 1.0)
    return normal(rng, shape), grad, m, v


def _adam_random(rng: np.random.Generator):
    (first, second) = _shapes(rng)
    return [(*_adam_state(rng, first), int(rng.integers(2, 20)), float(rng.uniform(1e-3, 0.1)),
             float(rng.uniform(0.8, 0.95)), float(rng.uniform(0.99, 0.999)), 1e-8),
            (*_adam_state(rng, second), int(rng.integers(100, 1000)), float(rng.uniform(1e-3, 0.1)),
             0.9, 0.999, 1e-8)]


def _adam_first_step(rng: np.random.Generator):
    shape = _shapes(rng)[1]
    w, grad, _, _ = _adam_state(rng, shape, float(rng.choice([1.0, 10.0])))
    zeros = np.zeros(shape)
    return [(w, grad, zeros, zeros, 1, float(rng.uniform(1e-3, 0.1)), 0.9, 0.999, 1e-8)]


def _adam_no_bias_correction(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new


def _adam_increments_t(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return ref.adam_step(w, grad, m, v, t + 1, lr, beta1, beta2, eps)


def _adam_betas_swapped(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return ref.adam_step(w, grad, m, v, t, lr, beta2, beta1, eps)


def _adam_no_sqrt(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    m_hat, v_hat = m_new / (1 - beta1**t), v_new / (1 - beta2**t)
    return w - lr * m_hat / (v_hat + eps), m_new, v_new


def _adam_stale_moments(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


ADAM_STEP = Exercise(
    id="adam_step",
    title=Text(ja="Adam の 1 ステップ", en="One Adam step"),
    signature="adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8)",
    reference=ref.adam_step,
    outputs=[Output(name="w'", delta_from=0, rtol=1e-3, atol=1e-12), Output(name="m'"),
             Output(name="v'")],
    checks=[
        public("最初のステップ（t = 1, m = v = 0）", "the first step (t = 1, m = v = 0)", 1,
               [(lin(-0.4, 0.6, (2, 3)), lin(-0.5, 0.5, (2, 3)), np.zeros((2, 3)),
                 np.zeros((2, 3)), 1, 0.01, 0.9, 0.999, 1e-8)]),
        public("途中のステップ（t = 5）", "a later step (t = 5)", 1,
               [(lin(-0.4, 0.6, (2, 3)), lin(-0.5, 0.5, (2, 3)), lin(0.6, 0.9, (2, 3)),
                 lin(0.7, 0.5, (2, 3)), 5, 0.01, 0.9, 0.999, 1e-8)]),
        public("lr, beta1, beta2, eps を省略した呼び出し",
               "a call that leaves lr, beta1, beta2, eps at their defaults", 1,
               [(arr(1.0, -2.0, 0.5), arr(0.5, -1.0, 2.0), arr(0.1, -0.3, 0.2),
                 arr(0.04, 0.5, 1.0), 3)]),
        hidden("最初のステップ（ランダム）", "the first step (random)", 1, _adam_first_step),
        hidden("ランダムな状態", "random states", 1, _adam_random),
    ],
    misconceptions=[
        Misconception("adam_step.no_bias_correction", _adam_no_bias_correction,
                      name=Text(ja="バイアス補正をしていない", en="no bias correction"),
                      hint=Text(
            ja="バイアス補正を忘れていませんか。m と v は 0 から始まるので、最初のうちは "
               "1 − β^t で割って大きさを戻します。",
            en="Did you skip the bias correction? m and v start at 0, so early on they are "
               "divided by 1 − β^t to restore their size.")),
        Misconception("adam_step.increments_t", _adam_increments_t,
                      name=Text(ja="t に 1 を足している", en="adds 1 to t"),
                      hint=Text(
            ja="関数の中で t に 1 を足していませんか。t はすでに「このステップの番号」"
               "（最初は 1）です。",
            en="Do you add 1 to t inside the function? t already is this step's number "
               "(1 for the first step).")),
        Misconception("adam_step.betas_swapped", _adam_betas_swapped,
                      name=Text(ja="beta1 と beta2 の取り違え", en="beta1 and beta2 swapped"),
                      hint=Text(
            ja="beta1 と beta2 を取り違えていませんか。beta1 は勾配の平均 m、"
               "beta2 は勾配の 2 乗の平均 v に使います。",
            en="Did you swap beta1 and beta2? beta1 goes with the mean of the gradients m, "
               "beta2 with the mean of the squared gradients v.")),
        Misconception("adam_step.no_sqrt", _adam_no_sqrt,
                      name=Text(ja="v̂ の平方根を取り忘れ", en="square root of v̂ left out"),
                      hint=Text(
            ja="v̂ の平方根を取り忘れていませんか。割るのは sqrt(v̂) + eps です。",
            en="Did you forget the square root of v̂? Divide by sqrt(v̂) + eps.")),
        Misconception("adam_step.stale_moments", _adam_stale_moments,
                      name=Text(ja="古い m, v で w を更新", en="w updated with the old m and v"),
                      hint=Text(
            ja="w の更新に古い m, v を使っていませんか。先に m', v' を計算し、"
               "それを補正して使います。",
            en="Do you update w with the old m and v? Compute m' and v' first, then correct "
               "and use them.")),
    ],
)

EXERCISES = [SGD_STEP, MOMENTUM_STEP, ADAGRAD_STEP, RMSPROP_STEP, ADAM_STEP]
