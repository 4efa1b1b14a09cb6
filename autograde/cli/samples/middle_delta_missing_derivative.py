# exercise: middle_delta
import numpy as np


def middle_delta(delta_next, W_next, z):
    return delta_next @ W_next.T
