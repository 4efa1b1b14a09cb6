"""Backpropagation: output and middle deltas, weight and bias updates, one training step.

The public cases use the lecture's 2-3-1 sigmoid network (2 inputs, 3 middle neurons, 1
output), one sample and a small batch; hidden cases are random networks of other sizes.
Weights are moderate (normal, scale 0.5–1) so that the sigmoids do not saturate: with
deltas near 0 every mutant would look right.
"""

from __future__ import annotations

import numpy as np

from autograde.catalog.exercises.cases import arr, normal, uniform
from autograde.catalog.spec import Exercise, Misconception, hidden, public
from autograde.kit.plan import Output
from autograde.kit.text import Text
from reference import activations
from reference import backprop as ref
from reference.layers import forward

# The lecture's 2-3-1 network: x has 2 features, 3 middle neurons, 1 output neuron.
X = arr(1.0, 0.5)
T = arr(1.0)
W1 = arr([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
B1 = arr(0.1, 0.2, 0.3)
W2 = arr([[0.5], [-0.4], [0.3]])
B2 = arr(0.1)
X_BATCH = arr([[1.0, 0.5], [0.0, 1.0], [-1.0, 0.5], [0.5, -0.5]])
T_BATCH = arr([[1.0], [0.0], [1.0], [0.0]])
LR = 0.5
ONE_SAMPLE = ("1 サンプル（講義の 2-3-1 ネットワーク）", "one sample (the lecture's 2-3-1 network)")


def _n(a) -> int:
    """Batch size: 1 for a 1-D array (one sample), else the length of the first axis."""
    return np.atleast_2d(a).shape[0]


def _targets(rng: np.random.Generator, shape) -> np.ndarray:
    """0/1 targets for sigmoid outputs."""
    return rng.integers(0, 2, size=shape).astype(np.float64)


def _sigmoid_outputs(rng: np.random.Generator, shape) -> np.ndarray:
    """Values a sigmoid could output, away from 0 and 1."""
    return uniform(rng, shape, 0.05, 0.95)


def _saturated(rng: np.random.Generator, shape) -> np.ndarray:
    """Sigmoid outputs close to 0 or 1 (small derivative y(1 − y), but not ~0)."""
    near = uniform(rng, shape, 0.005, 0.05)
    return np.where(rng.random(shape) < 0.5, near, 1.0 - near)


# --- output_delta ---------------------------------------------------------------------------

OUTPUT_DELTA = Exercise(
    id="output_delta",
    title=Text(ja="出力層のデルタ", en="Output-layer delta"),
    signature="output_delta(y, t)",
    reference=ref.output_delta,
    outputs=[Output(name="delta")],
    checks=[
        public(*ONE_SAMPLE, 1, [(arr(0.6), arr(1.0))]),
        public("バッチ（4 サンプル）", "a batch of 4 samples", 1,
               [(arr([[0.6], [0.3], [0.8], [0.45]]), T_BATCH)]),
        hidden("ランダムな出力と教師データ", "random outputs and targets", 1,
               lambda rng: [(_sigmoid_outputs(rng, (5, 2)), _targets(rng, (5, 2))),
                            (_sigmoid_outputs(rng, (3,)), _targets(rng, (3,)))]),
        hidden("0 や 1 に近い出力", "outputs close to 0 or 1", 1,
               lambda rng: [(_saturated(rng, (6, 3)), _targets(rng, (6, 3)))]),
    ],
    misconceptions=[
        Misconception("output_delta.missing_derivative",
                      lambda y, t: np.asarray(y) - np.asarray(t),
                      name=Text(ja="y(1 − y) を掛け忘れ", en="y(1 − y) left out"),
                      hint=Text(
            ja="y − t だけになっていませんか。デルタは入力の総和 u についての微分なので、"
               "出力層のシグモイドの微分 y(1 − y) も掛けます。",
            en="Is it only y − t? The delta is the derivative with respect to the input sum u, "
               "so the output sigmoid's derivative y(1 − y) is multiplied in too.")),
        Misconception("output_delta.sign", lambda y, t: -ref.output_delta(y, t),
                      name=Text(ja="引き算が逆（t − y）", en="t − y instead of y − t"),
                      hint=Text(
            ja="引き算の向きを確かめましょう。二乗和誤差 ½(y − t)² を y で微分すると"
               " y − t です（t − y ではありません）。",
            en="Check the order of the subtraction: the derivative of ½(y − t)² with respect "
               "to y is y − t, not t − y.")),
        Misconception("output_delta.derivative_of_output",
                      lambda y, t: (np.asarray(y) - np.asarray(t)) * activations.sigmoid_grad(y),
                      name=Text(ja="y をもう一度シグモイドに通している",
                                en="y passed through the sigmoid again"),
                      hint=Text(
            ja="y はすでにシグモイドの出力です。微分は y(1 − y) で、y をもう一度シグモイドに"
               "通す必要はありません。",
            en="y is already the sigmoid's output: its derivative is y(1 − y); there is no "
               "need to pass y through the sigmoid again.")),
        Misconception("output_delta.batch_mean",
                      lambda y, t: ref.output_delta(y, t) / _n(y),
                      name=Text(ja="バッチの大きさ N で割っている",
                                en="divided by the batch size N"),
                      hint=Text(
            ja="バッチの大きさ N で割っていませんか。デルタはサンプルごとの値で、"
               "二乗和誤差はバッチを平均せず合計します。",
            en="Do you divide by the batch size N? The delta is per sample, and the sum of "
               "squared errors sums over the batch rather than averaging it.")),
    ],
)


# --- middle_delta ---------------------------------------------------------------------------

def _middle_delta_case(rng: np.random.Generator, n_batch: int | None, n_mid: int, n_next: int,
                       saturated: bool = False):
    """(delta_next, W_next, z) for one sample (n_batch None) or a batch."""
    lead = () if n_batch is None else (n_batch,)
    z = (_saturated if saturated else _sigmoid_outputs)(rng, (*lead, n_mid))
    return (normal(rng, (*lead, n_next), 0.3), normal(rng, (n_mid, n_next), 1.0), z)


MIDDLE_DELTA = Exercise(
    id="middle_delta",
    title=Text(ja="中間層のデルタ", en="Middle-layer delta"),
    signature="middle_delta(delta_next, W_next, z)",
    reference=ref.middle_delta,
    outputs=[Output(name="delta")],
    checks=[
        public(*ONE_SAMPLE, 1, [(arr(-0.1), W2, arr(0.57, 0.67, 0.75))]),
        public("バッチ（4 サンプル）", "a batch of 4 samples", 1,
               [(arr([[-0.1], [0.15], [-0.05], [0.12]]), W2,
                 arr([[0.57, 0.67, 0.75], [0.6, 0.4, 0.7], [0.45, 0.52, 0.38], [0.3, 0.8, 0.5]]))]),
        public("次の層も 3 ニューロン（W_next が正方行列）",
               "a next layer of 3 neurons too (a square W_next)", 1,
               [(arr([[0.2, -0.1, 0.05], [-0.3, 0.25, 0.1]]),
                 arr([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6], [-0.7, 0.4, 0.2]]),
                 arr([[0.6, 0.3, 0.8], [0.45, 0.7, 0.2]]))]),
        hidden("ランダムなネットワーク", "random networks", 1,
               lambda rng: [_middle_delta_case(rng, 5, 4, 2), _middle_delta_case(rng, None, 4, 3),
                            _middle_delta_case(rng, 3, 2, 2)]),
        hidden("0 や 1 に近い中間層の出力", "middle outputs close to 0 or 1", 1,
               lambda rng: [_middle_delta_case(rng, 6, 5, 3, saturated=True)]),
    ],
    misconceptions=[
        Misconception("middle_delta.missing_delta",
                      lambda delta_next, W_next, z: ref.middle_delta(
                          np.ones_like(delta_next), W_next, z),
                      name=Text(ja="次の層のデルタを掛け忘れ", en="next layer's delta left out"),
                      hint=Text(
            ja="次の層のデルタを掛け忘れていませんか。中間層のデルタは、次の層のデルタを"
               "重みで逆向きに伝えたものから始まります。",
            en="Did you forget to multiply by the next layer's delta? A middle delta starts "
               "from the next layer's deltas carried back through the weights.")),
        Misconception("middle_delta.missing_derivative",
                      lambda delta_next, W_next, z: np.asarray(delta_next) @ np.asarray(W_next).T,
                      name=Text(ja="z(1 − z) を掛け忘れ", en="z(1 − z) left out"),
                      hint=Text(
            ja="中間層のシグモイドの微分 z(1 − z) を掛け忘れていませんか。",
            en="Did you forget to multiply by the middle sigmoid's derivative z(1 − z)?")),
        Misconception("middle_delta.no_transpose",
                      lambda delta_next, W_next, z: (np.asarray(delta_next) @ W_next)
                      * z * (1 - np.asarray(z)),
                      name=Text(ja="W_next を転置していない", en="W_next not transposed"),
                      hint=Text(
            ja="W_next の形は (中間層のニューロン数, 次の層のニューロン数) です。デルタを"
               "逆向きに伝えるときは転置した重みを使います（正方行列だとエラーになりません）。",
            en="W_next has shape (middle neurons, next neurons); carrying the delta backwards "
               "uses the transposed weights (with a square matrix no error warns you).")),
        Misconception("middle_delta.derivative_of_output",
                      lambda delta_next, W_next, z: (np.asarray(delta_next) @ np.asarray(W_next).T)
                      * activations.sigmoid_grad(z),
                      name=Text(ja="z をもう一度シグモイドに通している",
                                en="z passed through the sigmoid again"),
                      hint=Text(
            ja="z はすでにシグモイドの出力です。微分は z(1 − z) で、z をもう一度シグモイドに"
               "通す必要はありません。",
            en="z is already the sigmoid's output: its derivative is z(1 − z); there is no "
               "need to pass z through the sigmoid again.")),
    ],
)


# --- weight_update --------------------------------------------------------------------------

def _weight_case(rng: np.random.Generator, n_batch: int | None, n_in: int, n_out: int,
                 w_scale: float = 1.0, x_scale: float = 1.0, lr: float | None = None):
    """(W, x, delta, lr) for one sample (n_batch None) or a batch."""
    lead = () if n_batch is None else (n_batch,)
    lr = float(rng.uniform(0.05, 1.0)) if lr is None else lr
    return (normal(rng, (n_in, n_out), w_scale), normal(rng, (*lead, n_in), x_scale),
            normal(rng, (*lead, n_out), 0.3), lr)


def _transposed_gradient(W, x, delta, lr):
    """delta ⊗ x, shape (n_out, n_in), in place of x ⊗ delta."""
    return np.asarray(W) - lr * (np.atleast_2d(delta).T @ np.atleast_2d(x))


WEIGHT_UPDATE = Exercise(
    id="weight_update",
    title=Text(ja="重みの更新", en="Weight update"),
    signature="weight_update(W, x, delta, lr)",
    reference=ref.weight_update,
    outputs=[Output(name="W'")],
    checks=[
        public("1 サンプル（講義の 2-3-1 ネットワークの W1 と W2）",
               "one sample (W1 and W2 of the lecture's 2-3-1 network)", 1,
               [(W1, X, arr(-0.012, 0.009, -0.006), LR),
                (W2, arr(0.57, 0.67, 0.75), arr(-0.1), LR)]),
        public("バッチ（4 サンプル）は合計する", "a batch of 4 samples is summed", 1,
               [(W1, X_BATCH, arr([[-0.012, 0.009, -0.006], [0.02, -0.01, 0.015],
                                   [-0.005, 0.004, 0.011], [0.018, -0.007, -0.013]]), LR)]),
        public("入力 2・出力 2（W が正方行列）", "2 inputs, 2 outputs (a square W)", 1,
               [(arr([[0.3, -0.2], [0.4, 0.1]]), arr(1.0, -0.5), arr(0.2, 0.6), 0.1)]),
        hidden("ランダムな層", "random layers", 1,
               lambda rng: [_weight_case(rng, 5, 3, 4), _weight_case(rng, None, 4, 2),
                            _weight_case(rng, 6, 3, 3)]),
        hidden("大きな値と小さな値", "large and small magnitudes", 1,
               lambda rng: [_weight_case(rng, 4, 3, 2, w_scale=1e-2, x_scale=10.0, lr=0.01),
                            _weight_case(rng, 3, 2, 4, w_scale=100.0, x_scale=50.0, lr=2.0)]),
    ],
    misconceptions=[
        Misconception("weight_update.sign",
                      lambda W, x, delta, lr: ref.weight_update(W, x, delta, -lr),
                      name=Text(ja="更新の符号が逆", en="update sign flipped"),
                      hint=Text(
            ja="勾配降下法では勾配と逆の向きに進みます。更新の符号を確かめましょう。",
            en="Gradient descent moves against the gradient: check the sign of the update.")),
        Misconception("weight_update.batch_mean",
                      lambda W, x, delta, lr: ref.weight_update(W, x, delta, lr / _n(x)),
                      name=Text(ja="バッチの大きさ N で割っている",
                                en="divided by the batch size N"),
                      hint=Text(
            ja="バッチの大きさ N で割っていませんか。二乗和誤差はバッチを合計するので、"
               "勾配もサンプルごとの勾配の合計です。",
            en="Do you divide by the batch size N? The sum of squared errors sums over the "
               "batch, so the gradient is the sum of the per-sample gradients.")),
        Misconception("weight_update.transposed", _transposed_gradient,
                      name=Text(ja="勾配の行列が転置されている", en="gradient matrix transposed"),
                      hint=Text(
            ja="勾配の行列の向きを確かめましょう。W[i, j] は入力 i から出力 j への重みなので、"
               "その勾配は x_i と delta_j の積です（W と同じ形になります）。",
            en="Check the orientation of the gradient matrix: W[i, j] connects input i to "
               "output j, so its gradient is x_i times delta_j (the shape of W).")),
        Misconception("weight_update.one_sample_dot",
                      lambda W, x, delta, lr: np.asarray(W)
                      - lr * (np.asarray(x).T @ np.asarray(delta)),
                      name=Text(ja="外積でなく内積になっている",
                                en="dot product instead of outer product"),
                      hint=Text(
            ja="1 次元配列に .T を付けても向きは変わらず、@ は内積（1 つの数）になります。"
               "1 サンプルでも勾配は W と同じ形の行列（x と delta の外積）です。",
            en=".T does nothing to a 1-D array, so @ becomes a dot product (a single number). "
               "Even for one sample the gradient is a matrix of W's shape (the outer product "
               "of x and delta).")),
    ],
)


# --- bias_update ----------------------------------------------------------------------------

def _bias_case(rng: np.random.Generator, n_batch: int | None, n: int, b_scale: float = 1.0,
               delta_scale: float = 0.3):
    lead = () if n_batch is None else (n_batch,)
    return (normal(rng, (n,), b_scale), normal(rng, (*lead, n), delta_scale),
            float(rng.uniform(0.05, 1.0)))


BIAS_UPDATE = Exercise(
    id="bias_update",
    title=Text(ja="バイアスの更新", en="Bias update"),
    signature="bias_update(b, delta, lr)",
    reference=ref.bias_update,
    outputs=[Output(name="b'")],
    checks=[
        public("1 サンプル（講義の 2-3-1 ネットワークの b1）",
               "one sample (b1 of the lecture's 2-3-1 network)", 1,
               [(B1, arr(-0.012, 0.009, -0.006), LR)]),
        public("バッチ（4 サンプル）は合計する", "a batch of 4 samples is summed", 1,
               [(B1, arr([[-0.012, 0.009, -0.006], [0.02, -0.01, 0.015],
                          [-0.005, 0.004, 0.011], [0.018, -0.007, -0.013]]), LR),
                (B2, arr([[-0.1], [0.15], [-0.05], [0.12]]), LR)]),
        hidden("ランダムなバイアス", "random biases", 1,
               lambda rng: [_bias_case(rng, 5, 4), _bias_case(rng, None, 2),
                            _bias_case(rng, 6, 1)]),
        hidden("大きな値と小さな値", "large and small magnitudes", 1,
               lambda rng: [_bias_case(rng, 3, 3, b_scale=1e-3, delta_scale=1.0),
                            _bias_case(rng, 4, 2, b_scale=100.0, delta_scale=20.0)]),
    ],
    misconceptions=[
        Misconception("bias_update.no_sum",
                      lambda b, delta, lr: np.asarray(b) - lr * np.asarray(delta),
                      name=Text(ja="デルタをバッチ方向に合計していない",
                                en="deltas not summed over the batch"),
                      hint=Text(
            ja="バッチのデルタをそのまま引いていませんか。バイアスは全サンプルで共通なので、"
               "デルタをバッチ方向（axis=0）に合計します。",
            en="Do you subtract the batch of deltas as it is? The bias is shared by all "
               "samples, so sum the deltas over the batch axis (axis=0).")),
        Misconception("bias_update.batch_mean",
                      lambda b, delta, lr: ref.bias_update(b, delta, lr / _n(delta)),
                      name=Text(ja="バッチ方向に平均している", en="deltas averaged over the batch"),
                      hint=Text(
            ja="バッチ方向に平均していませんか。二乗和誤差はバッチを合計するので、"
               "バイアスの勾配もデルタの合計です。",
            en="Do you average over the batch? The sum of squared errors sums over the batch, "
               "so the bias gradient is the sum of the deltas.")),
        Misconception("bias_update.sum_all",
                      lambda b, delta, lr: np.asarray(b) - lr * np.sum(delta),
                      name=Text(ja="ニューロン方向まで合計している",
                                en="summed over the neurons too"),
                      hint=Text(
            ja="ニューロンごとの値まで 1 つの数に合計していませんか。合計するのはバッチ方向"
               "だけです（1 サンプルの 1 次元のデルタは合計しません）。",
            en="Do you add up the neurons' values into a single number too? Sum over the "
               "batch only (a 1-D delta of one sample is not summed).")),
        Misconception("bias_update.sign",
                      lambda b, delta, lr: ref.bias_update(b, delta, -lr),
                      name=Text(ja="更新の符号が逆", en="update sign flipped"),
                      hint=Text(
            ja="勾配降下法では勾配と逆の向きに進みます。更新の符号を確かめましょう。",
            en="Gradient descent moves against the gradient: check the sign of the update.")),
    ],
)


# --- train_step -----------------------------------------------------------------------------

def _train_case(rng: np.random.Generator, n_batch: int | None, n_in: int, n_mid: int,
                n_out: int, x_scale: float = 1.0, w_scale: float = 0.8,
                lr: float | None = None):
    """(x, t, W1, b1, W2, b2, lr) for a random n_in-n_mid-n_out network."""
    lead = () if n_batch is None else (n_batch,)
    lr = float(rng.uniform(0.2, 1.0)) if lr is None else lr
    return (normal(rng, (*lead, n_in), x_scale), _targets(rng, (*lead, n_out)),
            normal(rng, (n_in, n_mid), w_scale), normal(rng, (n_mid,), 0.5),
            normal(rng, (n_mid, n_out), w_scale), normal(rng, (n_out,), 0.5), lr)


def _forward_deltas(x, t, W1, b1, W2, b2):
    """(z, delta2, delta1) of the correct step."""
    z, y = forward(x, W1, b1, W2, b2)
    delta2 = ref.output_delta(y, np.reshape(t, y.shape))
    return z, delta2, ref.middle_delta(delta2, W2, z)


def _middle_bias_uses_output_delta(x, t, W1, b1, W2, b2, lr):
    z, delta2, delta1 = _forward_deltas(x, t, W1, b1, W2, b2)
    return (ref.weight_update(W1, x, delta1, lr), ref.bias_update(b1, delta2, lr),
            ref.weight_update(W2, z, delta2, lr), ref.bias_update(b2, delta2, lr))


def _stale_order(x, t, W1, b1, W2, b2, lr):
    z, delta2, _ = _forward_deltas(x, t, W1, b1, W2, b2)
    W2_new = ref.weight_update(W2, z, delta2, lr)
    delta1 = ref.middle_delta(delta2, W2_new, z)
    return (ref.weight_update(W1, x, delta1, lr), ref.bias_update(b1, delta1, lr),
            W2_new, ref.bias_update(b2, delta2, lr))


def _missing_derivative(x, t, W1, b1, W2, b2, lr):
    z, y = forward(x, W1, b1, W2, b2)
    delta2 = y - np.reshape(t, y.shape)
    delta1 = ref.middle_delta(delta2, W2, z)
    return (ref.weight_update(W1, x, delta1, lr), ref.bias_update(b1, delta1, lr),
            ref.weight_update(W2, z, delta2, lr), ref.bias_update(b2, delta2, lr))


def _bias_mean(x, t, W1, b1, W2, b2, lr):
    W1_new, _, W2_new, _ = ref.train_step(x, t, W1, b1, W2, b2, lr)
    _, delta2, delta1 = _forward_deltas(x, t, W1, b1, W2, b2)
    n = _n(x)
    return (W1_new, ref.bias_update(b1, delta1, lr / n),
            W2_new, ref.bias_update(b2, delta2, lr / n))


def _forgets_bias(x, t, W1, b1, W2, b2, lr):
    W1_new, _, W2_new, _ = ref.train_step(x, t, W1, b1, W2, b2, lr)
    return W1_new, np.array(b1), W2_new, np.array(b2)


TRAIN_STEP = Exercise(
    id="train_step",
    title=Text(ja="誤差逆伝播法の 1 ステップ", en="One backpropagation step"),
    signature="train_step(x, t, W1, b1, W2, b2, lr)",
    reference=ref.train_step,
    outputs=[Output(name="W1'"), Output(name="b1'"), Output(name="W2'"), Output(name="b2'")],
    checks=[
        public(*ONE_SAMPLE, 2, [(X, T, W1, B1, W2, B2, LR)]),
        public("バッチ（4 サンプル、講義の 2-3-1 ネットワーク）",
               "a batch of 4 samples (the lecture's 2-3-1 network)", 1,
               [(X_BATCH, T_BATCH, W1, B1, W2, B2, LR)]),
        hidden("ランダムな 3-4-2 ネットワーク（バッチ 5）", "a random 3-4-2 network (batch of 5)",
               1, lambda rng: [_train_case(rng, 5, 3, 4, 2)]),
        hidden("ランダムなネットワーク（1 サンプル、出力 1 つ）",
               "random networks (one sample, one output)", 1,
               lambda rng: [_train_case(rng, None, 4, 5, 1), _train_case(rng, 6, 2, 3, 1)]),
        hidden("大きな入力と大きな学習率", "large inputs and a large learning rate", 1,
               lambda rng: [_train_case(rng, 4, 3, 3, 2, x_scale=3.0, w_scale=0.5, lr=2.0)]),
    ],
    misconceptions=[
        Misconception("train_step.middle_bias_uses_output_delta", _middle_bias_uses_output_delta,
                      name=Text(ja="b1 を出力層のデルタで更新",
                                en="b1 updated with the output delta"),
                      hint=Text(
            ja="b1 の更新に出力層のデルタを使っていませんか。各層のバイアスは、その層の"
               "デルタ（b1 なら中間層のデルタ）で更新します。",
            en="Do you update b1 with the output delta? Each layer's bias is updated with "
               "that layer's delta (the middle delta for b1).")),
        Misconception("train_step.stale_order", _stale_order,
                      name=Text(ja="W2 を更新してから中間層のデルタ",
                                en="middle delta computed after updating W2"),
                      hint=Text(
            ja="W2 を更新してから中間層のデルタを計算していませんか。両方のデルタは、"
               "パラメータを変える前の重みで計算します。",
            en="Do you compute the middle delta after updating W2? Both deltas use the "
               "weights before any parameter changes.")),
        Misconception("train_step.missing_derivative", _missing_derivative,
                      name=Text(ja="出力層で y(1 − y) を掛け忘れ",
                                en="y(1 − y) left out of the output delta"),
                      hint=Text(
            ja="出力層のデルタが y − t だけになっていませんか。出力層のシグモイドの微分"
               " y(1 − y) も掛けます。",
            en="Is the output delta only y − t? The output sigmoid's derivative y(1 − y) is "
               "multiplied in too.")),
        Misconception("train_step.batch_mean",
                      lambda x, t, W1, b1, W2, b2, lr: ref.train_step(
                          x, t, W1, b1, W2, b2, lr / _n(x)),
                      name=Text(ja="勾配を N で割っている",
                                en="gradients divided by the batch size N"),
                      hint=Text(
            ja="勾配をバッチの大きさ N で割っていませんか。二乗和誤差はバッチを合計するので、"
               "勾配も合計のままです。",
            en="Do you divide the gradients by the batch size N? The sum of squared errors "
               "sums over the batch, so the gradients stay summed.")),
        Misconception("train_step.bias_mean", _bias_mean,
                      name=Text(ja="バイアスだけバッチで平均", en="only the bias updates averaged"),
                      hint=Text(
            ja="バイアスの更新だけバッチ方向の平均になっていませんか。重みと同じく、"
               "デルタをバッチ方向に合計します。",
            en="Are only the bias updates averaged over the batch? As for the weights, sum the "
               "deltas over the batch.")),
        Misconception("train_step.sign",
                      lambda x, t, W1, b1, W2, b2, lr: ref.train_step(
                          x, t, W1, b1, W2, b2, -lr),
                      name=Text(ja="すべての更新が逆向き", en="every update goes the wrong way"),
                      hint=Text(
            ja="すべての更新が逆向きになっています。出力層のデルタの y − t の向きと、"
               "更新の符号（勾配と逆向きに進む）を確かめましょう。",
            en="Every update goes the wrong way: check the order in y − t of the output delta "
               "and the sign of the update (move against the gradient).")),
        Misconception("train_step.forgets_bias", _forgets_bias,
                      name=Text(ja="バイアスを更新し忘れ", en="biases not updated"),
                      hint=Text(
            ja="バイアスを更新し忘れていませんか。b1 と b2 も、それぞれの層のデルタで"
               "更新します。",
            en="Did you forget to update the biases? b1 and b2 are updated with their "
               "layers' deltas too.")),
    ],
)

EXERCISES = [OUTPUT_DELTA, MIDDLE_DELTA, WEIGHT_UPDATE, BIAS_UPDATE, TRAIN_STEP]
