# exercise: momentum_step
def momentum_step(w, grad, v, lr, momentum):
    v = momentum * v + lr * grad
    return w + v, v
