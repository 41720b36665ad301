"""The error of the booklet's page locations from the error of the estimated item parameters.

A page's RP67 location is a function of an item's estimated slope and threshold, so it
carries their sampling error; every panelist reads the same estimated booklet, so that error
is shared by the whole panel and does not shrink with more panelists. It is estimated by the
nonparametric bootstrap over persons: draw the event's candidates with replacement, calibrate
the same model again, lay out the booklet again, and take the standard deviation over the
replicates (ddof = 1).

What is bootstrapped is the location at each booklet POSITION (the k-th page in order), not
each page's own location: a bookmark is a position (the panelist counts the pages a
borderline candidate masters, judging their content) and his cut is read from the locations
at that position, so a cut's calibration error is the error of the k-th ordered location.
Pages' own errors are mostly item-specific and partly cancel in the order statistic: in
simulation (20 five-category items, 600 persons, 8 panelists judging content, 60 panels)
the page-keyed SDs gave a cut SE of 0.170 for an actual error SD of 0.129 (1-SE coverage
0.83), the positional ones 0.132 (1-SE 0.62, 2-SE 0.95). The result is keyed by the page
of the original booklet at that position, (item, ORIGINAL category): the category in the
response matrix before collapsing (`Calibration.categories` maps a kept category back).

A replicate may drop an item or collapse categories no resampled candidate used: only the
original booklet's pages are kept (matched by item and original category), a page missing
from a replicate is left out of it, and its ordered locations are aligned with the
original's by rank fraction (linear interpolation) when it has fewer pages. A replicate
whose calibration fails or does not converge is skipped and counted.

Replicates converge to BOOTSTRAP_TOLERANCE (1e-3 in every a and b) on the original
calibration's quadrature grid: 1e-3 is under 2% of the smallest page SD met in simulation
(~0.07 logit), and it halves the EM cycles (measured: 10 against 21, 0.04 s against 0.11 s
a replicate for 20 items and 600 persons). Warm starts from the fitted parameters were
measured too and saved nothing (SQUAREM converges from the usual start values as fast).

BOOTSTRAP_REPLICATIONS = 20: the relative standard error of a bootstrap SD from B replicates
is about 1 / sqrt(2 (B - 1)): 16% at 20, 13% at 30 (measured over seeds: 12%), 10% at 50.
The calibration part enters the cut's SE in quadrature next to the panel's spread (at 300
candidates it is about half the variance), so 16% on it moves the total by ~7% against ~6%
at 30. Time decides: a replicate is a full calibration, and creating the demo's bookmark
panel (nine competencies, 15 items each) took 0.56 s without the bootstrap and 25.8 s with
30 replicates at 300 candidates (EM needs 20-60 cycles on so little data), 12.1 s at 2000;
the panel is created in a web request under a 30 s worker timeout, so 20 replicates: 16.3 s
at 300 and 8.2 s at 2000 candidates (measured by `bench.standard_setting`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .calibration import Calibration, calibrate
from .data import ResponseMatrix
from .diagnostics import PsychometricsError
from .standard_setting import RP, booklet_pages

BOOTSTRAP_REPLICATIONS = 20
BOOTSTRAP_TOLERANCE = 1e-3
BOOTSTRAP_SEED = 16  # any fixed seed: the same data give the same booklet every time


@dataclass(frozen=True)
class LocationErrors:
    """Per page (item, original category), the bootstrap SD of the location at its position."""

    errors: dict[tuple[str, int], float]
    replications: int  # replicates that calibrated and converged (the ones used)
    failed: int  # replicates skipped: calibration impossible, not converged, < 2 pages


def original_locations(calibration: Calibration, rp: float = RP) -> dict[tuple[str, int], float]:
    """Return every page's location keyed by (item, original category), in booklet order."""
    kept = calibration.categories
    return {
        (page.item, kept[page.item][page.category]): page.location
        for page in booklet_pages(calibration.params, rp)
    }


def location_errors(
    matrix: ResponseMatrix,
    calibration: Calibration,
    replications: int = BOOTSTRAP_REPLICATIONS,
    seed: int = BOOTSTRAP_SEED,
    rp: float = RP,
) -> LocationErrors:
    """Return, per page of ``calibration``'s booklet, the bootstrap SD at its position.

    ``matrix`` is the response matrix ``calibration`` was fitted to. With fewer than two
    usable replicates ``errors`` is empty.
    """
    rng = np.random.default_rng(seed)
    wanted = original_locations(calibration, rp)
    ordered = []
    persons = len(matrix.persons)
    for _ in range(replications):
        replicate = _replicate(matrix.take(persons=rng.integers(0, persons, persons)), calibration)
        row = None if replicate is None else _aligned(original_locations(replicate, rp), wanted)
        if row is not None:
            ordered.append(row)
    failed = replications - len(ordered)
    if len(ordered) < 2:
        return LocationErrors({}, len(ordered), failed)
    spread = np.std(np.array(ordered), axis=0, ddof=1)
    return LocationErrors(dict(zip(wanted, spread.tolist(), strict=True)), len(ordered), failed)


def _aligned(locations: dict, wanted: dict) -> np.ndarray | None:
    """Return the replicate's ordered locations of the wanted pages, one per wanted position.

    Pages the replicate lacks leave a shorter list, stretched over the positions by rank
    fraction; pages the original booklet lacks (an item it dropped) are ignored. None when
    fewer than two wanted pages are left (the replicate counts as failed).
    """
    values = np.sort([locations[key] for key in wanted if key in locations])
    if values.size == len(wanted):
        return values
    if values.size < 2:
        return None
    return np.interp(np.linspace(0, 1, len(wanted)), np.linspace(0, 1, values.size), values)


def _replicate(sample: ResponseMatrix, calibration: Calibration) -> Calibration | None:
    """Return the calibration of one resampled matrix, or None if it failed or did not converge."""
    try:
        refit = calibrate(
            sample, calibration.model, points=calibration.points, tol=BOOTSTRAP_TOLERANCE
        )
    except PsychometricsError:
        return None
    return refit if refit.converged else None
