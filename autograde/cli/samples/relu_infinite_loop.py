# exercise: relu
import numpy as np


def relu(x):
    while True:
        pass
    return np.maximum(0, x)
