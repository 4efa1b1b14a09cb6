"""The capstone data sets, the split, and the reference models' held-out accuracy."""

import time

import numpy as np
import pytest

import reference as ref
import reference.capstones

SPLIT_SEEDS = [0, 1, 2]
FULL_CREDIT = 0.95


# --- data sets --------------------------------------------------------------------------


def test_iris_binary_is_setosa_vs_versicolor_by_sepal_length_and_width_in_cm():
    x, t = ref.iris_binary()
    assert x.shape == (100, 2) and x.dtype == np.float64
    assert t.shape == (100,) and t.dtype == np.int64
    assert np.bincount(t).tolist() == [50, 50]
    assert np.all((x[:, 0] > 4.0) & (x[:, 0] < 7.5))  # sepal length, cm
    assert np.all((x[:, 1] >= 2.0) & (x[:, 1] < 4.5))  # sepal width, cm
    # setosa's sepals are shorter and wider than versicolor's
    assert x[t == 0, 0].mean() < x[t == 1, 0].mean() and x[t == 0, 1].mean() > x[t == 1, 1].mean()


def test_digits_are_8x8_pixels_from_0_to_16():
    x, t = ref.digits()
    assert x.shape == (1797, 64) and x.dtype == np.float64
    assert t.shape == (1797,) and t.dtype == np.int64
    assert x.min() == 0 and x.max() == 16 and np.array_equal(x, np.round(x))
    assert sorted(set(t.tolist())) == list(range(10))


@pytest.mark.parametrize("test_fraction", [0.2, 0.3, 0.5])
def test_split_is_a_stratified_partition(test_fraction):
    _, t = ref.digits()
    ids = np.arange(len(t)).reshape(-1, 1)  # the samples' row numbers as the only feature
    id_train, t_train, id_test, t_test = ref.split(ids, t, test_fraction, seed=0)
    rows_train, rows_test = id_train[:, 0], id_test[:, 0]
    assert sorted([*rows_train, *rows_test]) == list(range(len(t)))  # each row exactly once
    assert np.array_equal(t_train, t[rows_train]) and np.array_equal(t_test, t[rows_test])
    for label in range(10):  # each class contributes its share, rounded
        assert abs(np.sum(t_test == label) - test_fraction * np.sum(t == label)) <= 0.5


def test_split_is_reproducible_and_depends_on_the_seed():
    x, t = ref.iris_binary()
    first, again, other = (ref.split(x, t, 0.3, seed) for seed in (7, 7, 8))
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[2], other[2])


def test_split_shuffles_the_classes_together():
    """Not all of class 0 and then all of class 1: mini-batches would see one class."""
    x, t = ref.iris_binary()
    _, t_train, _, _ = ref.split(x, t, 0.3, seed=0)
    assert np.any(np.diff(t_train) < 0)


@pytest.mark.parametrize("test_fraction", [0.0, 1.0, -0.1])
def test_split_rejects_fractions_outside_0_1(test_fraction):
    with pytest.raises(ValueError, match="test_fraction"):
        ref.split(np.zeros((4, 1)), np.array([0, 0, 1, 1]), test_fraction, seed=0)


# --- the reference capstone models ------------------------------------------------------

CAPSTONES = {
    "iris_binary": (ref.iris_binary, ref.iris_fit, ref.iris_predict),
    "digits_mlp": (ref.digits, ref.digits_fit, ref.digits_predict),
}


@pytest.mark.parametrize("seed", SPLIT_SEEDS)
@pytest.mark.parametrize("capstone", CAPSTONES)
def test_capstone_reaches_full_credit_on_held_out_data(capstone, seed):
    load, fit, predict = CAPSTONES[capstone]
    x_train, t_train, x_test, t_test = ref.split(*load(), test_fraction=0.3, seed=seed)
    start = time.perf_counter()
    model = fit(x_train, t_train)
    seconds = time.perf_counter() - start
    labels = predict(model, x_test)
    accuracy = np.mean(labels == t_test)
    print(f"{capstone} split seed {seed}: fit {seconds:.2f} s, held-out accuracy {accuracy:.3f}")
    assert labels.shape == t_test.shape and labels.dtype == np.int64
    assert accuracy >= FULL_CREDIT
    assert seconds < 10


@pytest.mark.parametrize("capstone", CAPSTONES)
def test_capstone_model_is_a_plain_dict_of_float_arrays(capstone):
    load, fit, _ = CAPSTONES[capstone]
    x, t = load()
    model = fit(x[::4], t[::4])
    assert type(model) is dict
    assert all(isinstance(v, np.ndarray) and v.dtype == np.float64 for v in model.values())


@pytest.mark.parametrize("capstone", CAPSTONES)
def test_capstone_fit_is_deterministic_for_a_seed(capstone):
    load, fit, _ = CAPSTONES[capstone]
    x, t = load()
    a, b, c = fit(x[::4], t[::4], seed=3), fit(x[::4], t[::4], seed=3), fit(x[::4], t[::4], seed=4)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not all(np.array_equal(a[k], c[k]) for k in a)


def test_iris_is_trained_with_the_reference_train_step(monkeypatch):
    calls = []

    def counting_train_step(*args):
        calls.append(args)
        return ref.train_step(*args)

    monkeypatch.setattr(reference.capstones, "train_step", counting_train_step)
    x, t = ref.iris_binary()
    ref.iris_fit(x, t)
    assert len(calls) == reference.capstones.IRIS_EPOCHS


def test_iris_fails_without_training(monkeypatch):
    """The accuracy check can fail: an untrained 2-3-1 net is near chance on some seed."""
    monkeypatch.setattr(reference.capstones, "IRIS_EPOCHS", 0)
    x_train, t_train, x_test, t_test = ref.split(*ref.iris_binary(), 0.3, seed=0)
    accuracies = [
        np.mean(ref.iris_predict(ref.iris_fit(x_train, t_train, seed=s), x_test) == t_test)
        for s in range(5)
    ]
    assert min(accuracies) < FULL_CREDIT
