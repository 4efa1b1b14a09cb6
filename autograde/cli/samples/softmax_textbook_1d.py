# exercise: softmax
# The 1-D version from the book, applied to a batch unchanged.
import numpy as np


def softmax(a):
    c = np.max(a)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a)
