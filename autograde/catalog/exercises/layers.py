"""Layers: one neuron, a dense (affine) layer, the forward pass of the 2-layer sigmoid net."""

from __future__ import annotations

import numpy as np

from autograde.catalog.exercises.cases import arr, normal, uniform
from autograde.catalog.spec import Exercise, Misconception, hidden, public
from autograde.kit.plan import Output
from autograde.kit.text import Text
from reference import activations as act
from reference import layers as ref


def _neuron_case(rng: np.random.Generator, n: int, scale: float, sign: float):
    """x, w of shape (n,) and a Python-float b whose pre-activation has the given sign and
    stays well away from 0 (where ReLU's kink would make the case fragile)."""
    x, w = normal(rng, (n,), scale), normal(rng, (n,), 1.0)
    target = sign * float(uniform(rng, (), 0.5, 3.0)) * scale
    return (x, w, target - float(np.dot(w, x)))


def _neuron_cases(scale: float):
    return lambda rng: [_neuron_case(rng, int(rng.integers(2, 7)), scale, 1.0),
                        _neuron_case(rng, int(rng.integers(2, 7)), scale, -1.0),
                        _neuron_case(rng, 8, scale, float(rng.choice([-1.0, 1.0])))]


NEURON = Exercise(
    id="neuron",
    title=Text(ja="ニューロン（ReLU）", en="A neuron (ReLU)"),
    signature="neuron(x, w, b)",
    reference=ref.neuron,
    checks=[
        public("重み付き和が正", "weighted sum is positive", 1,
               [(arr(1.0, 2.0), arr(0.5, -0.25), 0.75)]),
        public("重み付き和が負", "weighted sum is negative", 1,
               [(arr(1.0, -2.0, 3.0), arr(-0.5, 0.5, -0.25), 0.1)]),
        hidden("ランダムな入力", "random inputs", 1, _neuron_cases(1.0)),
        hidden("大きな値", "large values", 1, _neuron_cases(100.0)),
    ],
    misconceptions=[
        Misconception("neuron.no_activation", lambda x, w, b: np.dot(w, x) + b,
                      name=Text(ja="ReLU を通し忘れ", en="ReLU left out"),
                      hint=Text(
            ja="重み付き和に ReLU を通しましたか。負の和は 0 になるはずです。",
            en="Did you pass the weighted sum through ReLU? A negative sum should become 0.")),
        Misconception("neuron.no_bias", lambda x, w, b: act.relu(np.dot(w, x)),
                      name=Text(ja="バイアス b を足し忘れ", en="bias b left out"),
                      hint=Text(
            ja="バイアス b を足し忘れていませんか。",
            en="Did you forget to add the bias b?")),
        Misconception("neuron.step", lambda x, w, b: act.step(np.dot(w, x) + b),
                      name=Text(ja="ステップ関数になっている", en="step function instead of ReLU"),
                      hint=Text(
            ja="ステップ関数（0/1）になっていませんか。このニューロンの活性化関数は ReLU です。",
            en="Is this a step function (0/1)? This neuron's activation is ReLU.")),
        Misconception("neuron.bias_inside_sum",
                      lambda x, w, b: act.relu(np.sum(np.asarray(w) * x + b)),
                      name=Text(ja="b を n 回足している", en="b added n times, once per term"),
                      hint=Text(
            ja="b を各項に足してから合計していませんか。それでは b が n 回足されます。"
               "バイアスは和に 1 回だけ足します。",
            en="Do you add b to every term before summing? Then b is added n times; the bias "
               "is added once, to the sum.")),
        Misconception("neuron.no_sum",
                      lambda x, w, b: act.relu(np.asarray(w) * x + b),
                      name=Text(ja="w * x を合計していない", en="products w * x not summed"),
                      hint=Text(
            ja="w * x の各要素を合計しましたか。ニューロンの出力は 1 つの数（スカラー）です。",
            en="Did you sum the products w * x? A neuron outputs a single number (a scalar).")),
    ],
)


DENSE = Exercise(
    id="dense",
    title=Text(ja="全結合層（アフィン変換）", en="Dense (affine) layer"),
    signature="dense(x, W, b)",
    reference=ref.dense,
    checks=[
        public("1 サンプル", "one sample", 1,
               [(arr(1.0, 0.5), arr([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), arr(0.1, 0.2, 0.3))]),
        public("バッチ", "a batch", 1,
               [(arr([[1.0, 0.5], [-2.0, 1.0], [0.0, 3.0]]),
                 arr([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), arr(0.1, 0.2, 0.3))]),
        public("正方行列の重み", "a square weight matrix", 1,
               [(arr(1.0, -1.0, 2.0), arr([[1.0, 2.0, 0.0], [0.5, -1.0, 3.0], [0.0, 1.0, -2.0]]),
                 arr(0.5, -0.5, 1.0))]),
        hidden("ランダムな入力", "random inputs", 1,
               lambda rng: [(normal(rng, (3,)), normal(rng, (3, 4)), normal(rng, (4,))),
                            (normal(rng, (5, 3)), normal(rng, (3, 2)), normal(rng, (2,))),
                            (normal(rng, (4,)), normal(rng, (4, 4)), normal(rng, (4,)))]),
        hidden("大きさの違う値", "large and small magnitudes", 1,
               lambda rng: [(normal(rng, (6, 3), 1e3), normal(rng, (3, 5)), normal(rng, (5,))),
                            (normal(rng, (2,), 1e-3), normal(rng, (2, 3), 1e-3),
                             normal(rng, (3,), 1e-6))]),
    ],
    misconceptions=[
        Misconception("dense.no_bias", lambda x, W, b: np.asarray(x) @ W,
                      name=Text(ja="バイアス b を足し忘れ", en="bias b left out"),
                      hint=Text(
            ja="バイアス b を足し忘れていませんか。",
            en="Did you forget to add the bias b?")),
        Misconception("dense.transposed_weights", lambda x, W, b: np.asarray(x) @ W.T + b,
                      name=Text(ja="W を転置して掛けている", en="multiplies by W.T instead of W"),
                      hint=Text(
            ja="W の向きを確かめましょう。W の形は (入力数, 出力数) なので x @ W です"
               "（W @ x や W.T ではありません）。",
            en="Check W's orientation: it has shape (n_in, n_out), so the layer is x @ W "
               "(not W @ x or W.T).")),
        Misconception("dense.elementwise_product", lambda x, W, b: np.asarray(x) * W + b,
                      name=Text(ja="@ ではなく * で掛けている", en="elementwise * instead of @"),
                      hint=Text(
            ja="* は要素ごとの積です。行列の積には @（または np.dot）を使います。",
            en="* multiplies elementwise; a matrix product needs @ (or np.dot).")),
        Misconception("dense.activation", lambda x, W, b: act.sigmoid(np.asarray(x) @ W + b),
                      name=Text(ja="活性化関数を通している", en="applies an activation"),
                      hint=Text(
            ja="活性化関数を通していませんか。全結合層はアフィン変換 x @ W + b だけを計算します。",
            en="Did you apply an activation? The dense layer computes only the affine map "
               "x @ W + b.")),
    ],
)


def _network(rng: np.random.Generator, batch: int | None, n_in: int, n_mid: int, n_out: int,
             scale: float = 1.0):
    x = normal(rng, (n_in,) if batch is None else (batch, n_in), scale)
    return (x, normal(rng, (n_in, n_mid)), normal(rng, (n_mid,)),
            normal(rng, (n_mid, n_out), 2.0), normal(rng, (n_out,)))


def _forward_no_hidden_activation(x, W1, b1, W2, b2):
    z = np.asarray(x) @ W1 + b1
    return z, act.sigmoid(z @ W2 + b2)


def _forward_no_output_activation(x, W1, b1, W2, b2):
    z = act.sigmoid(np.asarray(x) @ W1 + b1)
    return z, z @ W2 + b2


def _forward_swapped(x, W1, b1, W2, b2):
    z, y = ref.forward(x, W1, b1, W2, b2)
    return y, z


def _forward_softmax_output(x, W1, b1, W2, b2):
    z = act.sigmoid(np.asarray(x) @ W1 + b1)
    return z, act.softmax(z @ W2 + b2)


_W1 = arr([[0.5, -1.0, 0.25], [1.5, 0.5, -0.75]])
_B1 = arr(0.1, -0.2, 0.3)
_W2 = arr([[1.0], [-2.0], [0.5]])
_B2 = arr(0.25)

FORWARD = Exercise(
    id="forward",
    title=Text(ja="2 層ネットワークの順伝播", en="Forward pass of a 2-layer network"),
    signature="forward(x, W1, b1, W2, b2)",
    reference=ref.forward,
    outputs=[Output(name="z"), Output(name="y")],
    checks=[
        public("2-3-1 ネットワーク、1 サンプル", "2-3-1 network, one sample", 1,
               [(arr(1.0, 0.5), _W1, _B1, _W2, _B2)]),
        public("2-3-1 ネットワーク、バッチ", "2-3-1 network, a batch", 1,
               [(arr([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), _W1, _B1, _W2, _B2)]),
        public("出力が 2 つ", "two outputs", 1,
               [(arr([[1.0, -1.0], [0.5, 2.0]]), _W1, _B1,
                 arr([[1.0, -1.0], [0.5, 2.0], [-1.5, 0.25]]), arr(0.0, -0.5))]),
        hidden("ランダムなネットワーク", "random networks", 1,
               lambda rng: [_network(rng, None, 3, 4, 1), _network(rng, 5, 2, 3, 1),
                            _network(rng, 6, 4, 5, 3)]),
        hidden("大きな入力", "large inputs", 1,
               lambda rng: [_network(rng, 4, 3, 3, 2, scale=10.0),
                            _network(rng, None, 2, 4, 1, scale=10.0)]),
    ],
    misconceptions=[
        Misconception("forward.no_hidden_activation", _forward_no_hidden_activation,
                      name=Text(ja="中間層のシグモイドを通し忘れ",
                                en="no sigmoid in the middle layer"),
                      hint=Text(
            ja="中間層でシグモイドを通しましたか。z は x @ W1 + b1 にシグモイドをかけた値です。",
            en="Did the middle layer apply the sigmoid? z is the sigmoid of x @ W1 + b1.")),
        Misconception("forward.no_output_activation", _forward_no_output_activation,
                      name=Text(ja="出力層のシグモイドを通し忘れ",
                                en="no sigmoid in the output layer"),
                      hint=Text(
            ja="出力層でもシグモイドを通しましたか。"
               "このネットワークでは y もシグモイドの出力です。",
            en="Did the output layer apply the sigmoid too? In this network y is a sigmoid "
               "output as well.")),
        Misconception("forward.swapped_outputs", _forward_swapped,
                      name=Text(ja="(y, z) の順に返している",
                                en="returns (y, z) instead of (z, y)"),
                      hint=Text(
            ja="返す順番を確かめましょう。(z, y) の順、つまり中間層の出力が先です。",
            en="Check the order of the returned values: (z, y), the middle layer's output "
               "first.")),
        Misconception("forward.softmax_output", _forward_softmax_output,
                      name=Text(ja="出力層がソフトマックス", en="softmax in the output layer"),
                      hint=Text(
            ja="出力層にソフトマックスを使っていませんか。このネットワークの出力はシグモイドです"
               "（出力が 1 つならソフトマックスは常に 1 になります）。",
            en="Do you use softmax in the output layer? This network's output is a sigmoid "
               "(with one output, softmax is always 1).")),
    ],
)

EXERCISES = [NEURON, DENSE, FORWARD]
