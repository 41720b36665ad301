"""GRM calibration of 5,000 persons x 60 five-category items, 20 of the 60 per person.

Run as `python -m bench.irt`. Aim: 5 s or less on 2 cores, converged so that every a and b
is within 1e-4 of the maximum. The data are simulated (seeded); the timed part is exactly
what `flask irt calibrate --model grm` does after reading the CSV: checks, starting values,
the choice of the quadrature grid and SQUAREM-accelerated EM. Afterwards (not timed) the
same data are calibrated to 1e-10 on the same grid (how far from the maximum the timed run
stopped) and on mirt's 61-point grid (what the coarser grid costs in accuracy).
"""

from __future__ import annotations

import time

import numpy as np

from assessment_app.psychometrics import calibrate
from assessment_app.psychometrics.simulate import draw_design, random_items, simulate

PERSONS, ITEMS, SHOWN, CATEGORIES = 5000, 60, 20, 5
SEED = 2026


def _flat(calibration) -> np.ndarray:
    """Return every a and b of a calibration as one vector."""
    params = calibration.params
    return np.concatenate([params.a, *params.thresholds()])


def main() -> None:
    """Simulate, calibrate, and print the time, EM cycles, grid and accuracy."""
    rng = np.random.default_rng(SEED)
    truth = random_items(rng, ITEMS, CATEGORIES)
    theta = rng.normal(size=PERSONS)
    data = simulate(rng, truth, theta, draw_design(rng, PERSONS, ITEMS, SHOWN))
    print(
        f"\n== irt: GRM, {PERSONS} persons x {ITEMS} items ({CATEGORIES} categories), "
        f"{SHOWN} of {ITEMS} per person =="
    )
    started = time.perf_counter()
    fitted = calibrate(data, "grm")
    elapsed = time.perf_counter() - started
    print(f"{'calibration (aim <= 5 s)':36}{elapsed:8.2f} s")
    print(f"{'EM cycles (E-step + M-step)':36}{fitted.cycles:8d}")
    print(f"{'quadrature points on [-6, 6]':36}{fitted.points:8d}")
    print(f"{'converged / estimated distance':36}{str(fitted.converged):>8} {fitted.distance:.1e}")
    tight = calibrate(data, "grm", points=fitted.points, tol=1e-10)
    mirt = calibrate(data, "grm", points=61, tol=1e-10)
    print(
        f"{'max |a, b - maximum| (same grid)':36}{np.abs(_flat(fitted) - _flat(tight)).max():8.1e}"
    )
    print(f"{'max |a, b - 61-point solution|':36}{np.abs(_flat(fitted) - _flat(mirt)).max():8.1e}")
    print(
        f"{'  of which quadrature (tight runs)':36}{np.abs(_flat(tight) - _flat(mirt)).max():8.1e}"
    )
    for points in (21, 31, 41):
        started = time.perf_counter()
        coarse = calibrate(data, "grm", points=points)
        seconds = time.perf_counter() - started
        gap = np.abs(_flat(coarse) - _flat(mirt)).max()
        label = f"  {points} points: time, cycles, vs 61"
        print(f"{label:36}{seconds:8.2f} s {coarse.cycles:4d} {gap:8.1e}")
    error = _flat(fitted) - np.concatenate([truth.a, *truth.thresholds()])
    print(f"{'RMSE vs true a, b (sampling error)':36}{np.sqrt(np.mean(error**2)):8.3f}")
    print(f"{'log-likelihood':36}{fitted.loglik:14.4f}")


if __name__ == "__main__":
    main()
