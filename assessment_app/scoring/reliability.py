"""Reliability of a competency score when items are drawn at random per person (CONTRACT §6).

Each person answers their own random draw from the competency's pool, so items are nested in
persons and Cronbach's alpha (which needs one shared set of items) does not apply. The
generalizability coefficient of the nested design p x (i:p) compares the spread of the
persons' mean credits with the error variance of a mean over ñ items:

    e = sum (n_p - 1) v_p / sum (n_p - 1)      pooled within-person item variance
    rel = max(0, 1 - (e / ñ) / X)              X = sample variance of the persons' means
    sem = 100 sqrt(e / ñ)                      on the C_score scale
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

MIN_ITEMS = 2  # a person's item variance needs two items
VARIANCE_MIN = 1e-12


@dataclass(frozen=True)
class Reliability:
    """One test and competency: the cohort, ñ, C_score mean and sd, reliability and SEM.

    ``reliability`` is None with fewer than two persons or no spread between persons;
    everything but ``persons`` is None when no person saw two items.
    """

    persons: int
    items_per_person: float | None  # ñ, the harmonic mean of the items each person saw
    mean: float | None  # of C_score, over the same persons
    sd: float | None  # population sd (ddof 0) of C_score
    reliability: float | None
    sem: float | None  # on the C_score scale


def generalizability(person: ArrayLike, credit: ArrayLike) -> Reliability:
    """Return the reliability of one competency from its presented items' credits.

    ``person`` gives, for each presented item, the person (any integer id) it was
    presented to and ``credit`` its chance-corrected credit (0 when unanswered). Persons
    with fewer than two presented items are left out.
    """
    ids = np.asarray(person).ravel()
    values = np.asarray(credit, dtype=np.float64).ravel()
    if ids.shape != values.shape:
        raise ValueError("person and credit must have the same length")
    _, index = np.unique(ids, return_inverse=True)
    counts = np.bincount(index) if ids.size else np.zeros(0, np.int64)
    keep = counts >= MIN_ITEMS
    if not keep.any():
        return Reliability(int(keep.sum()), None, None, None, None, None)
    means = np.bincount(index, weights=values) / np.maximum(counts, 1)
    squares = np.bincount(index, weights=(values - means[index]) ** 2)
    n, c, ss = counts[keep], means[keep], squares[keep]
    error = ss.sum() / (n - 1).sum()  # sum (n_p - 1) v_p = the sum of squared deviations
    n_tilde = n.size / (1.0 / n).sum()
    scores = 100.0 * c
    persons = int(n.size)
    spread = float(np.var(c, ddof=1)) if persons >= 2 else 0.0
    reliability = None
    if persons >= 2 and spread >= VARIANCE_MIN:
        reliability = max(0.0, 1.0 - (error / n_tilde) / spread)
    return Reliability(
        persons=persons,
        items_per_person=float(n_tilde),
        mean=float(scores.mean()),
        sd=float(scores.std()),
        reliability=reliability,
        sem=float(100.0 * np.sqrt(error / n_tilde)),
    )
