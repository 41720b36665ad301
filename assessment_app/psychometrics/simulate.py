"""Simulated responses from known parameters, for parameter-recovery checks and benchmarks."""

from __future__ import annotations

import numpy as np

from .data import MISSING, ResponseMatrix
from .grm import ItemParameters, log_probabilities


def random_items(rng: np.random.Generator, count: int, categories: int) -> ItemParameters:
    """Return plausible items: a ~ U(0.8, 2.2), thresholds about 3 / m apart around N(0, 0.7).

    The thresholds of an item are spread evenly over about 3 logits (jittered by 0.15), so
    that every category is used in a sample of a few hundred.
    """
    a = rng.uniform(0.8, 2.2, count)
    m = categories - 1
    spread = np.linspace(-1.5, 1.5, m) if m > 1 else np.zeros(1)
    b = rng.normal(0.0, 0.7, (count, 1)) + spread + rng.normal(0.0, 0.15, (count, m))
    names = [f"I{i + 1:03d}" for i in range(count)]
    return ItemParameters.from_thresholds(names, a, list(np.sort(b, axis=1)))


def draw_design(rng: np.random.Generator, persons: int, items: int, shown: int) -> np.ndarray:
    """Return a persons x items mask in which every person sees ``shown`` items at random."""
    ranks = np.argsort(rng.random((persons, items)), axis=1)
    return ranks < shown


def simulate(
    rng: np.random.Generator, params: ItemParameters, theta: np.ndarray, shown: np.ndarray
) -> ResponseMatrix:
    """Draw a category for every shown (person, item) cell from the model at ``theta``."""
    values = np.full(shown.shape, MISSING, dtype=np.int64)
    for i in range(len(params.items)):
        people = np.flatnonzero(shown[:, i])
        logp = log_probabilities(
            params.a[i : i + 1], params.d[i : i + 1], params.mask[i : i + 1], theta[people]
        )[0]  # (categories, persons)
        cumulative = np.cumsum(np.exp(logp), axis=0)
        values[people, i] = (rng.random(len(people))[None, :] > cumulative[:-1]).sum(axis=0)
    persons = tuple(f"P{n + 1:05d}" for n in range(len(theta)))
    return ResponseMatrix(persons, params.items, values)
