"""Case bundles are data generated from the reference, and they are in sync with it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from autograde.catalog.exercises import EXERCISES
from autograde.catalog.publish import same_data, stale_bundles
from autograde.kit.bundle import BUNDLE_DIR, bundle_ids, load_bundle
from autograde.kit.values import ValueFormatError, decode, encode


def test_every_exercise_has_a_bundle_in_sync_with_the_reference():
    assert bundle_ids() == sorted(EXERCISES)
    assert stale_bundles() == [], "run `make bundles` (autograde build-bundles)"


def test_a_changed_expected_value_makes_the_bundle_stale(tmp_path):
    for path in BUNDLE_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text("utf-8"), "utf-8")
    relu = json.loads((tmp_path / "relu.json").read_text("utf-8"))
    relu["checks"][0]["cases"][0]["expected"][0]["data"][-1] += 1e-6
    (tmp_path / "relu.json").write_text(json.dumps(relu), "utf-8")
    assert stale_bundles(tmp_path) == ["relu"]


def test_bundle_public_points_are_the_public_checks_of_the_spec():
    for ex_id, exercise in EXERCISES.items():
        public_points = sum(c.points for c in exercise.checks if not c.hidden)
        assert load_bundle(ex_id).max_score == public_points


def test_same_data_treats_nan_as_equal_and_respects_structure():
    assert same_data({"a": [1.0, float("nan")]}, {"a": [1.0, float("nan")]})
    assert not same_data({"a": [1.0]}, {"a": [1.0, 2.0]})
    assert not same_data({"a": 1.0}, {"b": 1.0})


@pytest.mark.parametrize(
    "value",
    [np.arange(6.0).reshape(2, 3), np.array([1, 2], dtype=np.int64), np.array(True), 0.5, 3,
     np.array([np.nan, np.inf, -np.inf, 1e-300]), float("nan")],
)
def test_values_round_trip_exactly_through_strict_json(value):
    text = json.dumps(encode(value), allow_nan=False)
    back = decode(json.loads(text))
    assert np.array_equal(back, value, equal_nan=True)
    assert np.asarray(back).dtype == np.asarray(value).dtype


@pytest.mark.parametrize(
    "data",
    [
        {"dtype": "object", "shape": [1], "data": [1]},
        {"dtype": "float64", "shape": [2], "data": [1.0]},
        {"dtype": "float64", "shape": [1], "data": ["1.0"]},
        {"dtype": "float64", "shape": [1], "data": [None]},
        {"function": "os.system"},
        {"__reduce__": "x"},
        "print('hi')",
    ],
)
def test_decoding_refuses_anything_but_plain_numbers(data):
    with pytest.raises(ValueFormatError):
        decode(data)


@pytest.mark.parametrize(
    ("exercise_id", "parameters"),
    [("adam_step", ["w", "grad", "m", "v", "t", "lr", "beta1", "beta2", "eps"]),
     ("numerical_gradient", ["f", "x"]), ("iris_binary", ["x", "t"])],
)
def test_parameter_names_come_from_the_first_function_of_the_signature(exercise_id, parameters):
    assert load_bundle(exercise_id).parameters == parameters
