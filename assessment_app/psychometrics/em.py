"""Marginal maximum likelihood by EM (Bock & Aitkin 1981), accelerated by SQUAREM.

The responses are reduced to distinct patterns with counts; each pattern lists the
(item, category) cells it answered, so missing-by-design cells cost nothing. An E-step is
vectorised over patterns x quadrature nodes: the log-likelihoods are gathered and summed
cell by cell, and the expected counts come from one product with the one-hot matrix.
SQUAREM (Varadhan & Roland 2008, scheme S3) extrapolates from two EM steps and keeps the
result only when the log-likelihood did not fall.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import MISSING
from .grm import ItemParameters, log_probabilities
from .mstep import admissible, maximise
from .quadrature import Quadrature

STEP_GROWTH = 4.0  # SQUAREM's mstep: how fast the largest extrapolation grows
DENSE_LIMIT = 25_000_000  # one-hot entries (200 MB) above which E-steps avoid the dense matrix


@dataclass(frozen=True)
class Design:
    """Distinct response patterns, one-hot over the (item, category) cells, with counts."""

    columns: np.ndarray  # (patterns, most items seen) the cells answered; `cells.sum()` pads
    onehot_t: np.ndarray | None  # (cells, patterns) one-hot indicators, when small enough
    counts: np.ndarray  # persons per pattern
    cells: np.ndarray  # (items, largest category count) mask in column order

    def expected(self, posterior: np.ndarray) -> np.ndarray:
        """Return, per cell, the sum of the posteriors of the patterns that answered it."""
        if self.onehot_t is not None:
            return self.onehot_t @ posterior
        total = int(self.cells.sum())
        sums = np.zeros((total + 1, posterior.shape[1]))
        for position in self.columns.T:  # memory-light: one sorted reduction per position
            order = np.argsort(position, kind="stable")
            sorted_cells = position[order]
            starts = np.flatnonzero(np.r_[True, sorted_cells[1:] != sorted_cells[:-1]])
            sums[sorted_cells[starts]] += np.add.reduceat(posterior[order], starts, axis=0)
        return sums[:total]


@dataclass(frozen=True)
class Fit:
    """The estimates and how EM got there."""

    params: ItemParameters
    loglik: float
    cycles: int  # EM steps (one E-step and one M-step each), extrapolations included
    converged: bool
    distance: float  # the estimated distance to the maximum at the end (a and b scale)


def design(values: np.ndarray, n_categories: np.ndarray, dense_limit: int = DENSE_LIMIT) -> Design:
    """Encode a response matrix (MISSING where not presented) for the E-step.

    The one-hot matrix (a fast BLAS product) is kept when it has at most ``dense_limit``
    entries; beyond that the expected counts are summed position by position.
    """
    patterns, counts = np.unique(values, axis=0, return_counts=True)
    cells = np.arange(int(n_categories.max()))[None, :] < n_categories[:, None]
    offsets = np.concatenate([[0], np.cumsum(n_categories)[:-1]])
    total = int(n_categories.sum())
    seen = patterns != MISSING
    # Push the answered cells of each pattern to the front; pad the rest with `total`.
    order = np.argsort(~seen, axis=1, kind="stable")[:, : max(int(seen.sum(axis=1).max()), 1)]
    answered = np.take_along_axis(seen, order, axis=1)
    category = np.take_along_axis(patterns, order, axis=1)
    columns = np.where(answered, offsets[order] + category, total)
    onehot_t = None
    if (total + 1) * len(patterns) <= dense_limit:
        onehot_t = np.zeros((total + 1, len(patterns)))
        onehot_t[columns, np.arange(len(patterns))[:, None]] = 1.0
        onehot_t = onehot_t[:total].copy()
    return Design(columns, onehot_t, counts.astype(float), cells)


def e_step(params: ItemParameters, data: Design, quad: Quadrature):
    """Return the expected counts r (items, categories, nodes) and the log-likelihood."""
    logp = log_probabilities(params.a, params.d, params.mask, quad.nodes)
    table = np.vstack([logp[data.cells], np.zeros((1, len(quad.nodes)))])
    joint = np.broadcast_to(quad.log_weights, (len(data.counts), len(quad.nodes))).copy()
    # Sum the answered cells' log-probabilities column by column: a gather per position is
    # cheaper than a dense product when each person sees a fraction of the pool.
    for position in data.columns.T:
        joint += table[position]
    top = joint.max(axis=1, keepdims=True)
    posterior = np.exp(joint - top)
    total = posterior.sum(axis=1, keepdims=True)
    loglik = float(data.counts @ (top + np.log(total))[:, 0])
    posterior *= data.counts[:, None] / total
    expected = np.zeros_like(logp)
    expected[data.cells] = data.expected(posterior)
    return expected, loglik


def start_values(items, values: np.ndarray, n_categories: np.ndarray) -> ItemParameters:
    """Guess slopes from item-rest correlations and intercepts from category shares.

    The item-rest correlation is corrected for the unreliability of the rest score
    (Spearman-Brown on the mean correlation) and for the coarse categories (the ad hoc
    polyserial correction r * sd / sum phi(tau)), read as a normal-ogive loading and turned
    into a logistic slope. E[sigma(a theta + d)] ~ sigma(d / sqrt(1 + pi a^2 / 8)) for
    theta ~ N(0, 1) turns a cumulative share p into d = logit(p) * sqrt(1 + pi a^2 / 8).
    """
    seen = values != MISSING
    n = np.maximum(seen.sum(axis=0), 1)
    width = int(n_categories.max()) - 1
    shares = np.stack([((values >= j) & seen).sum(axis=0) for j in range(1, width + 1)], axis=1)
    shares = np.clip(shares / n[:, None], 0.5 / n[:, None], 1.0 - 0.5 / n[:, None])
    shares = np.where(np.arange(width)[None, :] < (n_categories - 1)[:, None], shares, 0.5)
    loading = _loadings(values, seen, shares)
    a = 1.702 * loading / np.sqrt(1.0 - loading**2)
    d = np.log(shares / (1.0 - shares)) * np.sqrt(1.0 + np.pi * a[:, None] ** 2 / 8.0)
    return ItemParameters(tuple(items), a, d, n_categories)


def _loadings(values, seen, shares) -> np.ndarray:
    """Return rough normal-ogive loadings of every item on the common factor."""
    x = np.where(seen, values, 0).astype(float)
    n = np.maximum(seen.sum(axis=0), 1)
    mean = x.sum(axis=0) / n
    sd = np.sqrt(((x - mean) ** 2 * seen).sum(axis=0) / n)
    z = np.where(seen, (x - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    count = seen.sum(axis=1, keepdims=True)
    rest = (z.sum(axis=1, keepdims=True) - z) / np.maximum(count - 1, 1)
    use = seen & (count > 1)
    r = np.array([_correlation(z[use[:, i], i], rest[use[:, i], i]) for i in range(len(n))])
    # Normal thresholds of P(X >= j), by the logistic approximation (ample for a start).
    tau = np.log(shares / (1.0 - shares)) / 1.702
    density = np.where(shares != 0.5, np.exp(-0.5 * tau**2), 0.0).sum(axis=1) / np.sqrt(2 * np.pi)
    r = r * sd / np.maximum(density, 1e-3)
    length = max(float(np.mean(count[count > 1] - 1)), 1.0) if (count > 1).any() else 1.0
    rest_reliability = 1.0
    for _ in range(5):
        loading = np.clip(r / np.sqrt(rest_reliability), 0.1, 0.9)
        mean_r = float(np.mean(loading)) ** 2
        rest_reliability = length * mean_r / (1.0 + (length - 1.0) * mean_r)
    return loading


def _correlation(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


class _Map:
    """The EM map on the packed vector (a, d[mask]), counting its evaluations."""

    def __init__(self, start: ItemParameters, data: Design, quad: Quadrature):
        self.template, self.data, self.quad = start, data, quad
        self.mask = start.mask
        self.count = 0

    def pack(self, a, d) -> np.ndarray:
        return np.concatenate([a, d[self.mask]])

    def unpack(self, x) -> ItemParameters:
        items = len(self.template.items)
        d = np.zeros(self.mask.shape)
        d[self.mask] = x[items:]
        return ItemParameters(self.template.items, x[:items], d, self.template.n_categories)

    def __call__(self, x):
        """Return the EM step from x and the log-likelihood at x."""
        self.count += 1
        params = self.unpack(x)
        expected, loglik = e_step(params, self.data, self.quad)
        a, d = maximise(params.a, params.d, self.mask, self.quad.nodes, expected)
        return self.pack(a, d), loglik

    def valid(self, x) -> bool:
        """Return whether x is finite, ordered and in bounds (so all probabilities are > 0)."""
        params = self.unpack(x)
        return bool(np.all(np.isfinite(x)) and admissible(params.a, params.d, self.mask).all())

    def reported(self, x) -> np.ndarray:
        """Return the vector on the scale people read: a and b = -d / a."""
        params = self.unpack(x)
        a = np.where(np.abs(params.a) < 1e-8, 1e-8, params.a)
        return np.concatenate([params.a, (-params.d / a[:, None])[self.mask]])


def fit(start: ItemParameters, data: Design, quad: Quadrature, tol: float, max_cycles: int):
    """Run SQUAREM-accelerated EM from ``start`` until within ``tol`` of the maximum.

    Near the maximum an EM step shrinks the error by at most rho, the largest eigenvalue of
    the EM map's Jacobian, so a step of size s leaves at most s / (1 - rho) to go. rho is
    taken as the largest ratio of two successive plain EM steps seen so far (early cycles,
    before extrapolation has removed the slow direction, estimate it well). Distances are
    measured on the reported scale (a and b).
    """
    em = _Map(start, data, quad)
    x, step_max, slowest, distance = em.pack(start.a, start.d), 1.0, 0.0, np.inf
    while em.count + 3 <= max_cycles:
        x1, loglik = em(x)
        x2, _ = em(x1)
        first = np.abs(em.reported(x1) - em.reported(x)).max(initial=0.0)
        second = np.abs(em.reported(x2) - em.reported(x1)).max(initial=0.0)
        if first > 0:
            slowest = max(slowest, min(second / first, 0.999))
        distance = second / (1.0 - slowest)
        if second < 1e-13 or distance < tol:
            return _finish(em, x2, True, distance)
        x, step_max = _extrapolate(em, x, x1, x2, loglik, step_max)
    return _finish(em, x, False, distance)


def _extrapolate(em: _Map, x, x1, x2, loglik, step_max):
    """Return the next iterate (the stabilised extrapolation, or x2) and the new step limit."""
    r, v = x1 - x, (x2 - x1) - (x1 - x)
    alpha = np.sqrt((r @ r) / (v @ v)) if v @ v > 0 else 1.0
    alpha = float(np.clip(alpha, 1.0, step_max))
    grown = step_max * STEP_GROWTH if alpha == step_max else step_max
    if alpha == 1.0:  # the extrapolation is x2 itself
        return x2, grown
    trial = x + 2.0 * alpha * r + alpha**2 * v
    if em.valid(trial):
        stabilised, trial_loglik = em(trial)
        if np.isfinite(trial_loglik) and trial_loglik >= loglik - 1e-10 * abs(loglik):
            return stabilised, grown
    return x2, max(1.0, step_max / STEP_GROWTH)


def _finish(em: _Map, x, converged: bool, distance: float) -> Fit:
    params = em.unpack(x)
    _, loglik = e_step(params, em.data, em.quad)
    return Fit(params, loglik, em.count, converged, float(distance))
