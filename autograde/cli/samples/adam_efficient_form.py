# exercise: adam_step
# deep-learning-from-scratch's form: bias corrections folded into the step size.
import numpy as np


def adam_step(w, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    lr_t = lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
    m = m + (1 - beta1) * (grad - m)
    v = v + (1 - beta2) * (grad**2 - v)
    return w - lr_t * m / (np.sqrt(v) + 1e-7), m, v
