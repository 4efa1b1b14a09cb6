"""The capstones' data sets (bundled with scikit-learn: no download) and a reproducible split."""

import numpy as np
from numpy.typing import NDArray

Dataset = tuple[NDArray[np.float64], NDArray[np.int64]]


def iris_binary() -> Dataset:
    """Iris setosa (0) vs versicolor (1) by sepal length and width in cm: x (100, 2), t (100,)."""
    from sklearn.datasets import load_iris  # here, not at the top: `import reference` stays fast

    iris = load_iris()
    keep = iris.target < 2  # classes 0 (setosa) and 1 (versicolor)
    x = iris.data[keep][:, :2].astype(np.float64)  # columns 0, 1: sepal length, sepal width
    t = iris.target[keep].astype(np.int64)
    return x, t


def digits() -> Dataset:
    """The 8x8 handwritten digits: x (1797, 64) pixel values 0-16, t (1797,) labels 0-9."""
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.data.astype(np.float64), data.target.astype(np.int64)


def split(
    x: NDArray, t: NDArray, test_fraction: float, seed: int
) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Shuffle and split into (x_train, t_train, x_test, t_test), stratified by class.

    Each class contributes round(test_fraction * its size) samples to the test set, so both
    sets keep the class proportions; the same seed always gives the same split.
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    rng = np.random.default_rng(seed)
    x, t = np.asarray(x), np.asarray(t)
    train_parts, test_parts = [], []
    for label in np.unique(t):
        members = rng.permutation(np.flatnonzero(t == label))
        n_test = round(test_fraction * members.size)
        test_parts.append(members[:n_test])
        train_parts.append(members[n_test:])
    train = rng.permutation(np.concatenate(train_parts))
    test = rng.permutation(np.concatenate(test_parts))
    return x[train], t[train], x[test], t[test]
