"""The M-step: maximise each item's expected complete-data log-likelihood by Newton steps.

Given expected counts r[i, k, q] (how many persons at node q are expected to have answered
category k of item i), every item is fitted at once in padded arrays: the exact Hessian of
sum r log P where it is negative definite, Fisher scoring where it is not, and step halving
until the objective does not fall and the intercepts stay ordered.
"""

from __future__ import annotations

import numpy as np

from .grm import cumulative_terms, log_probabilities

MAX_NEWTON = 50
MAX_HALVINGS = 40
MAX_STEP = 2.0  # no parameter moves further in one Newton step (keeps early steps sane)
MIN_GAP = 1e-6  # consecutive intercepts stay at least this far apart
MAX_SLOPE = 20.0  # bounds that keep a perfectly separating item finite
MAX_INTERCEPT = 100.0


def objective(a, d, mask, theta, r) -> np.ndarray:
    """Return sum_k sum_q r log P of every item."""
    return (r * log_probabilities(a, d, mask, theta)).sum(axis=(1, 2))


def _outer(u, w, theta) -> np.ndarray:
    """Return sum_k u_k dP_k dP_k^T over nodes: (items, m + 1, m + 1), parameters (a, d_1..)."""
    items, m, _ = w.shape
    zeros = np.zeros((items, 1, w.shape[2]))
    padded = np.concatenate([zeros, w, zeros], axis=1)
    slope = padded[:, :-1] - padded[:, 1:]  # dP_k / d(a theta), k = 0..m
    ud = u * slope
    out = np.zeros((items, m + 1, m + 1))
    out[:, 0, 0] = (theta**2 * (ud * slope).sum(axis=1)).sum(axis=-1)
    cross = (theta * w * (ud[:, 1:] - ud[:, :-1])).sum(axis=-1)
    out[:, 0, 1:] = out[:, 1:, 0] = cross
    diag = (w**2 * (u[:, 1:] + u[:, :-1])).sum(axis=-1)
    out[:, np.arange(1, m + 1), np.arange(1, m + 1)] = diag
    if m > 1:
        off = -(u[:, 1:-1] * w[:, :-1] * w[:, 1:]).sum(axis=-1)
        out[:, np.arange(1, m), np.arange(2, m + 1)] = off
        out[:, np.arange(2, m + 1), np.arange(1, m)] = off
    return out


def derivatives(a, d, mask, theta, r):
    """Return the gradient (items, m + 1), Hessian and Fisher information of sum r log P."""
    logp = log_probabilities(a, d, mask, theta)
    inverse = np.exp(-np.maximum(logp, -500.0))
    ratio = r * inverse
    w, v = cumulative_terms(a, d, mask, theta)
    s = (ratio[:, 1:] - ratio[:, :-1]) * mask[:, :, None]
    ws = w * s
    gradient = np.concatenate(
        [(theta * ws.sum(axis=1)).sum(axis=-1)[:, None], ws.sum(axis=-1)], axis=1
    )
    sv = s * v
    second = np.zeros((len(a), d.shape[1] + 1, d.shape[1] + 1))
    second[:, 0, 0] = (theta**2 * sv.sum(axis=1)).sum(axis=-1)
    second[:, 0, 1:] = second[:, 1:, 0] = (theta * sv).sum(axis=-1)
    idx = np.arange(1, d.shape[1] + 1)
    second[:, idx, idx] = sv.sum(axis=-1)
    hessian = second - _outer(ratio * inverse, w, theta)
    fisher = _outer(r.sum(axis=1, keepdims=True) * inverse, w, theta)
    return gradient, hessian, fisher


def _ascent_direction(gradient, hessian, fisher, mask) -> np.ndarray:
    """Return a Newton step where -H is positive definite, a Fisher-scoring step elsewhere."""
    free = np.concatenate([np.ones((len(mask), 1), dtype=bool), mask], axis=1)
    pin = np.eye(free.shape[1])[None] * (~free)[:, None, :]  # unit diagonal on absent cells
    negative = -hessian * free[:, :, None] * free[:, None, :] + pin
    curvature = fisher * free[:, :, None] * free[:, None, :] + pin
    use_newton = np.linalg.eigvalsh(negative)[:, 0] > 1e-10
    matrix = np.where(use_newton[:, None, None], negative, curvature)
    matrix = matrix + 1e-12 * np.eye(free.shape[1])[None]
    step = np.linalg.solve(matrix, (gradient * free)[..., None])[..., 0]
    largest = np.abs(step).max(axis=1, keepdims=True)
    return step * np.minimum(1.0, MAX_STEP / np.maximum(largest, 1e-300))


def admissible(a, d, mask) -> np.ndarray:
    """Return per item whether its intercepts decrease by MIN_GAP and all stay in bounds."""
    gaps = d[:, :-1] - d[:, 1:]
    ordered = np.all((gaps >= MIN_GAP) | ~mask[:, 1:], axis=1)
    bounded = (np.abs(a) <= MAX_SLOPE) & np.all(np.abs(d) <= MAX_INTERCEPT, axis=1)
    return ordered & bounded


def maximise(a, d, mask, theta, r, tol: float = 1e-10):
    """Return (a, d) maximising sum r log P per item, starting from (a, d)."""
    a, d = a.copy(), d.copy()
    current = objective(a, d, mask, theta, r)
    for _ in range(MAX_NEWTON):
        gradient, hessian, fisher = derivatives(a, d, mask, theta, r)
        step = _ascent_direction(gradient, hessian, fisher, mask)
        a, d, current, moved = _line_search(a, d, mask, theta, r, step, current)
        if moved <= tol:
            break
    return a, d


def _line_search(a, d, mask, theta, r, step, current):
    """Halve each item's step until its objective does not fall and the order holds."""
    scale = np.ones(len(a))
    pending = np.ones(len(a), dtype=bool)
    new_a, new_d, new_value = a.copy(), d.copy(), current.copy()
    for _ in range(MAX_HALVINGS):
        trial_a = a + scale * step[:, 0]
        trial_d = np.where(mask, d + scale[:, None] * step[:, 1:], d)
        value = objective(trial_a, trial_d, mask, theta, r)
        slack = 1e-12 * np.maximum(1.0, np.abs(current))
        good = pending & admissible(trial_a, trial_d, mask) & (value >= current - slack)
        new_a[good], new_d[good], new_value[good] = trial_a[good], trial_d[good], value[good]
        pending &= ~good
        if not pending.any():
            break
        scale = np.where(pending, scale / 2.0, scale)
    scale[pending] = 0.0
    moved = float(np.max(np.abs(step) * scale[:, None], initial=0.0))
    return new_a, new_d, new_value, moved
