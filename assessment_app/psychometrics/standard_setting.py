"""The numbers of standard setting: the bookmark method on a GRM booklet, and modified Angoff.

Bookmark: the ordered item booklet has one page per item and score category k >= 1, at the
ability where a candidate reaches category k or above with probability RP = 2/3 (RP67). A
panelist's bookmark becomes an ability; the panel's cut is the median over panelists (its
standard error holds the panel's spread, the booklet's gaps and the calibration's error of
the page locations, `bootstrap.location_errors`), and it is carried to the C_score scale
(CONTRACT §6, chance-corrected credit) through the test characteristic curve: the expected
C_score at that ability.

Angoff: a panelist states, per item, the expected option score (sjt) or the probability of a
correct answer (mcq) of a borderline candidate; both become the expected chance-corrected
credit, and the panelist's cut is 100 x their mean. The panel's cut is the mean.

Pure numpy on plain values, so the service, the CLI and the tests run the same code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .grm import ItemParameters, cumulative_terms, log_probabilities

RP = 2.0 / 3.0  # response probability of the ordered item booklet (RP67)


@dataclass(frozen=True)
class Page:
    """One page of the ordered item booklet: reaching ``category`` or above on ``item``."""

    item: str
    category: int
    location: float


def booklet_pages(params: ItemParameters, rp: float = RP) -> list[Page]:
    """Return every (item, k >= 1) page, sorted by location, ties by (item, category).

    The location solves sigmoid(a * theta + d_k) = rp: theta = (logit(rp) - d_k) / a.
    Categories are those of ``params`` (after any collapsing by the calibration).
    """
    if not 0.0 < rp < 1.0:
        raise ValueError(f"rp must lie strictly between 0 and 1, got {rp}")
    logit = math.log(rp / (1.0 - rp))
    pages = [
        Page(item, k, float((logit - params.d[i, k - 1]) / params.a[i]))
        for i, item in enumerate(params.items)
        for k in range(1, int(params.n_categories[i]))
    ]
    return sorted(pages, key=lambda page: (page.location, page.item, page.category))


def _checked_bookmark(locations: Sequence[float], mastered: int) -> np.ndarray:
    """Return the locations as an array after checking the booklet and the bookmark."""
    values = np.asarray(locations, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError("the booklet has no pages")
    if np.any(np.diff(values) < 0):
        raise ValueError("page locations must be in booklet order (non-decreasing)")
    if not 0 <= mastered <= values.size:
        raise ValueError(f"mastered must lie in 0..{values.size}, got {mastered}")
    return values


def bookmark_theta(locations: Sequence[float], mastered: int) -> float:
    """Return the ability of a bookmark placed after ``mastered`` pages.

    The borderline candidate masters pages 1..mastered and not page mastered + 1, so the cut
    is the midpoint of their two locations; before the first page it is the first location,
    after the last page the last location. Raises ValueError for an empty or unsorted
    booklet or ``mastered`` outside 0..len(locations).
    """
    values = _checked_bookmark(locations, mastered)
    if mastered == 0:
        return float(values[0])
    if mastered == values.size:
        return float(values[-1])
    return float((values[mastered - 1] + values[mastered]) / 2.0)


def bookmark_rounding_se(locations: Sequence[float], mastered: int) -> float:
    """Return the standard deviation due to the booklet's discreteness at a bookmark.

    A bookmark only says the cut lies in the gap between pages mastered and mastered + 1; a
    position uniform over a gap of width g has sd g / sqrt(12). At either end of the
    booklet there is no gap and the value is 0 (the cut is then clipped, not rounded).
    """
    values = _checked_bookmark(locations, mastered)
    if mastered in (0, values.size):
        return 0.0
    return float((values[mastered] - values[mastered - 1]) / math.sqrt(12.0))


def bookmark_calibration_se(location_se: Sequence[float], mastered: int) -> float:
    """Return the calibration error of a bookmark's cut from its pages' location errors.

    ``location_se`` holds, per booklet position, the error of the location there (the
    bootstrap SD of the k-th ordered location, `bootstrap.location_errors`). The cut is the
    midpoint of positions mastered and mastered + 1, so its error is (e_m + e_m+1) / 2:
    exact when the two errors are perfectly correlated and, since sd(X + Y) <= sd(X) +
    sd(Y), an upper bound whatever the correlation. Adjacent ordered locations move
    together (both follow the estimated scale and the local density of pages), so the bound
    is nearly reached: in simulation it gave a cut SE of 0.132 against 0.130 from
    bootstrapping the midpoint itself; the independent-errors value sqrt(e_m^2 + e_m+1^2) / 2
    would under-count. Before the first page (after the last) the cut is that page's
    location and its error is e_1 (e_n). Raises ValueError for an empty booklet or
    ``mastered`` outside 0..len(location_se).
    """
    errors = np.asarray(location_se, dtype=float)
    if errors.ndim != 1 or errors.size == 0:
        raise ValueError("the booklet has no pages")
    if not 0 <= mastered <= errors.size:
        raise ValueError(f"mastered must lie in 0..{errors.size}, got {mastered}")
    if mastered == 0:
        return float(errors[0])
    if mastered == errors.size:
        return float(errors[-1])
    return float((errors[mastered - 1] + errors[mastered]) / 2.0)


@dataclass(frozen=True)
class PanelCut:
    """A panel's cut, its standard error and the spread of the panelists' values."""

    value: float
    se: float
    panelists: int
    spread: tuple[float, float, float, float, float]  # min, q1, median, q3, max
    sd: float  # sample sd (ddof = 1); nan with one panelist
    calibration: float = 0.0  # the part of se from the estimated booklet (bookmark only)


def _panel_values(values: Sequence[float]) -> tuple[np.ndarray, float, tuple]:
    """Return the values, their sample sd (nan for one) and their five-number summary.

    Quartiles by linear interpolation between order statistics (numpy's default, R type 7).
    """
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError("a panel cut needs at least one panelist's value")
    sd = float(np.std(array, ddof=1)) if array.size > 1 else math.nan
    spread = tuple(float(q) for q in np.percentile(array, [0, 25, 50, 75, 100]))
    return array, sd, spread


def median_cut(
    values: Sequence[float], rounding_se: Sequence[float] = (), calibration_se: Sequence[float] = ()
) -> PanelCut:
    """Return the bookmark panel's cut: the median of the panelists' abilities.

    se = sqrt(panel^2 + mean(rounding_se^2) / n + calibration^2), with panel =
    sqrt(pi / 2) * sd / sqrt(n): the large-sample SE of the median of normal values (its
    efficiency against the mean is 2 / pi); the booklet's rounding of each panelist's cut
    averaged like independent noise; and calibration = mean(calibration_se), the error of
    the estimated item parameters at the panelists' cuts (`bookmark_calibration_se` of the
    bootstrap page errors). Every panelist reads the same estimated booklet, so that error
    is shared: it is not divided by n, and the mean over panelists stands for the error at
    the median (the error varies smoothly along the booklet). Without calibration_se the
    part is 0 (Angoff, older booklets).
    Limits: panelists are taken as independent draws around the panel's cut (they are not
    once they have discussed a round); for small n the formula is approximate; the sd
    already holds part of the rounding when panelists spread over several gaps, and when
    they all pick the same gap the rounding is shared and is under-counted by the 1 / n.
    One panelist has no sampling error estimate: sd and se are nan.
    """
    array, sd, spread = _panel_values(values)
    rounding = _per_panelist(rounding_se, array.size, "rounding_se")
    errors = _per_panelist(calibration_se, array.size, "calibration_se")
    n = array.size
    panel = math.sqrt(math.pi / 2.0) * sd / math.sqrt(n)
    booklet = float(np.mean(rounding**2)) / n if rounding.size else 0.0
    calibration = float(np.mean(errors)) if errors.size else 0.0
    se = math.sqrt(panel**2 + booklet + calibration**2)
    return PanelCut(float(np.median(array)), se, n, spread, sd, calibration)


def _per_panelist(values: Sequence[float], n: int, name: str) -> np.ndarray:
    """Return ``values`` as an array after checking there is one per panelist, or none."""
    array = np.asarray(values, dtype=float)
    if array.size not in (0, n):
        raise ValueError(f"{name} needs one value per panelist, or none")
    return array


def mean_cut(values: Sequence[float]) -> PanelCut:
    """Return the Angoff panel's cut: the mean of the panelists' cuts, se = sd / sqrt(n).

    sd is the sample sd (ddof = 1); with one panelist sd and se are nan.
    """
    array, sd, spread = _panel_values(values)
    return PanelCut(float(array.mean()), sd / math.sqrt(array.size), array.size, spread, sd)


def _credit_matrix(params: ItemParameters, credits: Sequence[Sequence[float]]) -> np.ndarray:
    """Return the credits as (items, m + 1), padded with 0 behind each item's categories."""
    if len(credits) != len(params.items):
        raise ValueError(f"credits for {len(credits)} items, parameters for {len(params.items)}")
    matrix = np.zeros((len(params.items), params.mask.shape[1] + 1))
    for i, row in enumerate(credits):
        if len(row) != params.n_categories[i]:
            raise ValueError(
                f"item {params.items[i]}: {len(row)} credits for "
                f"{params.n_categories[i]} categories"
            )
        matrix[i, : len(row)] = row
    return matrix


def expected_credit(
    params: ItemParameters, credits: Sequence[Sequence[float]], theta
) -> np.ndarray:
    """Return sum_k P(X = k | theta) * credits[i][k] for every item: (items, len(theta))."""
    theta = np.atleast_1d(np.asarray(theta, dtype=float))
    probabilities = np.exp(log_probabilities(params.a, params.d, params.mask, theta))
    return np.einsum("ikq,ik->iq", probabilities, _credit_matrix(params, credits))


def characteristic_score(params: ItemParameters, credits, theta) -> np.ndarray:
    """Return the test characteristic curve on the C_score scale: 100 x mean expected credit."""
    return 100.0 * expected_credit(params, credits, theta).mean(axis=0)


def characteristic_slope(params: ItemParameters, credits, theta) -> np.ndarray:
    """Return d(characteristic_score)/d(theta), analytically.

    E_i = c_0 + sum_{k>=1} P*_k (c_k - c_{k-1}) and dP*_k/dtheta = a W_k with
    W_k = P*_k (1 - P*_k), so dE_i/dtheta = a sum_k W_k (c_k - c_{k-1}).
    """
    theta = np.atleast_1d(np.asarray(theta, dtype=float))
    w, _ = cumulative_terms(params.a, params.d, params.mask, theta)
    steps = np.diff(_credit_matrix(params, credits), axis=1) * params.mask
    slopes = params.a[:, None] * np.einsum("ikq,ik->iq", w, steps)
    return 100.0 * slopes.mean(axis=0)


def score_cut(params: ItemParameters, credits, theta_cut: float, theta_se: float):
    """Return (the C_score cut, its SE) for an ability cut and its standard error.

    The cut is the test characteristic curve at ``theta_cut``; its SE is the delta method,
    |dTCC/dtheta| * theta_se with the analytic derivative (`characteristic_slope`).
    """
    value = float(characteristic_score(params, credits, [theta_cut])[0])
    slope = float(characteristic_slope(params, credits, [theta_cut])[0])
    return value, abs(slope) * theta_se


def angoff_panelist_cut(credits: Sequence[float]) -> float:
    """Return one panelist's Angoff cut on the C_score scale: 100 x the mean credit."""
    if len(credits) == 0:
        raise ValueError("an Angoff cut needs at least one item")
    return 100.0 * float(np.mean(credits))
