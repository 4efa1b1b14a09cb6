# exercise: numerical_gradient
import numpy as np


def numerical_gradient(f, x):
    h = 1e-4
    x = x.astype(float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        tmp = x[i]
        fx = f(x)
        x[i] = tmp + h
        fxh = f(x)
        grad[i] = (fxh - fx) / h
        x[i] = tmp
    return grad
