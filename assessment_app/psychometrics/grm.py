"""The graded response model; the 2PL is its two-category case.

An item with categories 0..m has a slope ``a`` and intercepts d_1 > ... > d_m, and
P(X >= j | theta) = 1 / (1 + exp(-(a * theta + d_j))); the threshold of the IRT
parametrisation is b_j = -d_j / a. Items are held together in padded arrays so that every
computation runs over all items at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BIG = 1e6  # an intercept of +-BIG makes a cumulative probability exactly 1 or 0
LOG_FLOOR = -BIG  # log-probabilities are floored here (an impossible cell stays finite)


@dataclass(frozen=True)
class ItemParameters:
    """Slopes and intercepts of several items.

    ``d`` is (items, largest m) with the unused cells of items with fewer categories set to 0;
    ``n_categories`` is m + 1 per item.
    """

    items: tuple[str, ...]
    a: np.ndarray
    d: np.ndarray
    n_categories: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "a", np.asarray(self.a, dtype=float))
        object.__setattr__(self, "n_categories", np.asarray(self.n_categories, dtype=np.int64))
        d = np.asarray(self.d, dtype=float).reshape(self.mask.shape)
        object.__setattr__(self, "d", np.where(self.mask, d, 0.0))

    @property
    def mask(self) -> np.ndarray:
        """Return the (items, m) mask of the intercepts each item has."""
        width = max(int(self.n_categories.max(initial=2)) - 1, 1)
        return np.arange(width)[None, :] < (self.n_categories - 1)[:, None]

    def b(self, item: int) -> np.ndarray:
        """Return the thresholds b_1..b_m of one item (by position)."""
        m = int(self.n_categories[item]) - 1
        return -self.d[item, :m] / self.a[item]

    def thresholds(self) -> list[np.ndarray]:
        """Return the thresholds of every item."""
        return [self.b(i) for i in range(len(self.items))]

    @classmethod
    def from_thresholds(cls, items, a, thresholds) -> ItemParameters:
        """Build parameters from slopes and per-item threshold lists (b increasing for a > 0)."""
        a = np.asarray(a, dtype=float)
        counts = np.array([len(b) + 1 for b in thresholds], dtype=np.int64)
        d = np.zeros((len(counts), max(int(counts.max(initial=2)) - 1, 1)))
        for i, b in enumerate(thresholds):
            d[i, : len(b)] = -a[i] * np.asarray(b, dtype=float)
        return cls(tuple(items), a, d, counts)


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """Return log(1 / (1 + exp(-x))) without overflow."""
    return -np.logaddexp(0.0, -x)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Return 1 / (1 + exp(-x)) without overflow."""
    return np.exp(log_sigmoid(x))


def _extended(d: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Return intercepts with d_0 = +BIG in front and -BIG for every missing one behind."""
    ones = np.ones((d.shape[0], 1))
    return np.concatenate([BIG * ones, np.where(mask, d, -BIG), -BIG * ones], axis=1)


def log_probabilities(a, d, mask, theta) -> np.ndarray:
    """Return log P(X = k | theta) as (items, m + 1, nodes); absent categories get LOG_FLOOR.

    P_k = sigma(x_k) - sigma(x_{k+1}) is computed as
    sigma(x_k) * sigma(-x_{k+1}) * (1 - exp(-(d_k - d_{k+1}))), which loses no precision
    when both cumulative probabilities are close to 0 or to 1.
    """
    ext = _extended(d, mask)
    x = a[:, None, None] * theta[None, None, :] + ext[:, :, None]
    gap = ext[:, :-1] - ext[:, 1:]
    with np.errstate(divide="ignore"):
        log_gap = np.log(-np.expm1(-np.maximum(gap, 0.0)))
    logp = log_sigmoid(x[:, :-1]) + log_sigmoid(-x[:, 1:]) + log_gap[:, :, None]
    return np.maximum(logp, LOG_FLOOR)


def cumulative_terms(a, d, mask, theta):
    """Return W = P*(1 - P*) and V = W(1 - 2P*) of every cumulative probability (items, m, Q)."""
    x = a[:, None, None] * theta[None, None, :] + np.where(mask, d, -BIG)[:, :, None]
    p = sigmoid(x)
    w = p * (1.0 - p)
    return w, w * (1.0 - 2.0 * p)


def item_information(params: ItemParameters, theta) -> np.ndarray:
    """Return the Fisher information of every item at ``theta``: (items, len(theta)).

    I(theta) = a^2 * sum_k (W_k - W_{k+1})^2 / P_k with W_k = P*_k (1 - P*_k).
    """
    theta = np.atleast_1d(np.asarray(theta, dtype=float))
    logp = log_probabilities(params.a, params.d, params.mask, theta)
    w, _ = cumulative_terms(params.a, params.d, params.mask, theta)
    zeros = np.zeros((w.shape[0], 1, w.shape[2]))
    padded = np.concatenate([zeros, w, zeros], axis=1)
    slope = padded[:, :-1] - padded[:, 1:]
    inverse = np.exp(-np.maximum(logp, -500.0))
    return params.a[:, None] ** 2 * (slope**2 * inverse).sum(axis=1)


def test_information(params: ItemParameters, theta) -> np.ndarray:
    """Return the test information (the sum over items) at ``theta``."""
    return item_information(params, theta).sum(axis=0)


test_information.__test__ = False  # a library function, not a pytest test
