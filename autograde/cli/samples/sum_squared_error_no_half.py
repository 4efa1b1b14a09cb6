# exercise: sum_squared_error
import numpy as np


def sum_squared_error(y, t):
    return np.sum((y - t) ** 2)
