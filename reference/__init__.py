"""nn-dojo's NumPy ground truth: one small pure function per exercise of the catalog.

No function modifies its inputs (``numerical_gradient`` perturbs x and restores it).
"""

from reference.activations import identity, relu, relu_grad, sigmoid, sigmoid_grad, softmax, step
from reference.backprop import bias_update, middle_delta, output_delta, train_step, weight_update
from reference.capstones import digits_fit, digits_predict, iris_fit, iris_predict
from reference.datasets import digits, iris_binary, split
from reference.gradients import numerical_gradient
from reference.layers import dense, forward, neuron
from reference.losses import cross_entropy_error, softmax_cross_entropy_grad, sum_squared_error
from reference.optimizers import adagrad_step, adam_step, momentum_step, rmsprop_step, sgd_step

__all__ = [
    "adagrad_step",
    "adam_step",
    "bias_update",
    "cross_entropy_error",
    "dense",
    "digits",
    "digits_fit",
    "digits_predict",
    "forward",
    "identity",
    "iris_binary",
    "iris_fit",
    "iris_predict",
    "middle_delta",
    "momentum_step",
    "neuron",
    "numerical_gradient",
    "output_delta",
    "relu",
    "relu_grad",
    "rmsprop_step",
    "sgd_step",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_cross_entropy_grad",
    "split",
    "step",
    "sum_squared_error",
    "train_step",
    "weight_update",
]
