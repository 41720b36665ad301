"""Quadrature on an equally spaced grid with N(0, 1) weights, as R mirt uses.

mirt integrates over 61 points on [-6, 6] with weights proportional to the normal density;
a grid of that kind is spectrally accurate for the smooth, fast-decaying integrands of IRT,
so fewer points suffice when the posterior of every person is wide enough for the spacing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIRT_POINTS = 61
MIRT_LIMIT = 6.0


@dataclass(frozen=True)
class Quadrature:
    """Nodes and normalised weights (summing to 1) of the N(0, 1) prior."""

    nodes: np.ndarray
    weights: np.ndarray

    @property
    def log_weights(self) -> np.ndarray:
        """Return the logarithms of the weights."""
        return np.log(self.weights)

    def __len__(self) -> int:
        return len(self.nodes)


def normal_grid(points: int = MIRT_POINTS, limit: float = MIRT_LIMIT) -> Quadrature:
    """Return ``points`` equally spaced nodes on [-limit, limit] weighted by the N(0, 1) density.

    Raises ValueError for fewer than 5 points or a non-positive limit.
    """
    if points < 5 or limit <= 0:
        raise ValueError(f"need at least 5 points and a positive limit, got {points}, {limit}")
    nodes = np.linspace(-limit, limit, points)
    density = np.exp(-0.5 * nodes**2)
    return Quadrature(nodes, density / density.sum())
