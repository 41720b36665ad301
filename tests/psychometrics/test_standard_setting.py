"""Standard setting: the RP67 booklet, bookmarks, panel cuts, the TCC and Angoff, by hand.

The recovery test simulates GRM data from known items, calibrates them, and lets simulated
panelists place bookmarks at known abilities; the panel's cut must cover the true cut at the
rate its standard error promises, the error of the calibration (bootstrapped) included.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from assessment_app.psychometrics import MISSING, ResponseMatrix, calibrate
from assessment_app.psychometrics.bootstrap import location_errors, original_locations
from assessment_app.psychometrics.grm import ItemParameters, log_probabilities
from assessment_app.psychometrics.simulate import draw_design, random_items, simulate
from assessment_app.psychometrics.standard_setting import (
    RP,
    angoff_panelist_cut,
    booklet_pages,
    bookmark_calibration_se,
    bookmark_rounding_se,
    bookmark_theta,
    characteristic_score,
    characteristic_slope,
    expected_credit,
    mean_cut,
    median_cut,
    score_cut,
)

SJT5 = [1, 2, 3, 4, 5]


def _mixed_items(rng: np.random.Generator) -> ItemParameters:
    """Return 9 items with 2, 3 and 5 categories and random slopes and thresholds."""
    counts = [2, 3, 5] * 3
    thresholds = [np.sort(rng.normal(0.0, 1.2, m - 1)) for m in counts]
    names = [f"Q{i:02d}" for i in range(len(counts))]
    return ItemParameters.from_thresholds(names, rng.uniform(0.6, 2.5, len(counts)), thresholds)


def test_rp67_pages_sit_where_the_model_gives_two_thirds():
    params = _mixed_items(np.random.default_rng(3))
    pages = booklet_pages(params)
    assert abs(RP - 2.0 / 3.0) < 1e-15
    assert len(pages) == int((params.n_categories - 1).sum()) == 3 * (1 + 2 + 4)
    assert len({(p.item, p.category) for p in pages}) == len(pages)
    locations = [p.location for p in pages]
    assert locations == sorted(locations)
    for page in pages:
        i = params.items.index(page.item)
        one = slice(i, i + 1)
        logp = log_probabilities(
            params.a[one], params.d[one], params.mask[one], np.array([page.location])
        )[0, :, 0]
        assert np.exp(logp[page.category :]).sum() == pytest.approx(2.0 / 3.0, abs=1e-9)


def test_rp50_pages_are_the_thresholds():
    params = _mixed_items(np.random.default_rng(4))
    for page in booklet_pages(params, rp=0.5):
        b = params.b(params.items.index(page.item))
        assert page.location == pytest.approx(b[page.category - 1], abs=1e-12)
    with pytest.raises(ValueError):
        booklet_pages(params, rp=1.0)


def test_pages_tied_on_location_are_ordered_by_item_then_category():
    params = ItemParameters.from_thresholds(["B", "A"], [1.0, 1.0], [[0.0], [0.0, 0.0]])
    order = [(p.item, p.category) for p in booklet_pages(params)]
    assert order == [("A", 1), ("A", 2), ("B", 1)]


BOOKLET = [-1.0, -0.4, 0.2, 0.2, 1.0]


@pytest.mark.parametrize(
    ("mastered", "theta", "gap"),
    [
        (0, -1.0, 0.0),  # before page 1: its location, no gap
        (1, (-1.0 - 0.4) / 2, 0.6),
        (2, (-0.4 + 0.2) / 2, 0.6),
        (3, 0.2, 0.0),  # between two pages at the same location
        (4, (0.2 + 1.0) / 2, 0.8),
        (5, 1.0, 0.0),  # after the last page: its location
    ],
)
def test_bookmark_theta_and_rounding_by_hand(mastered, theta, gap):
    assert bookmark_theta(BOOKLET, mastered) == pytest.approx(theta, abs=1e-12)
    assert bookmark_rounding_se(BOOKLET, mastered) == pytest.approx(gap / math.sqrt(12), abs=1e-12)


def test_rounding_se_is_the_sd_of_a_uniform_position_in_the_gap():
    positions = np.linspace(-0.4, 0.2, 200_001)  # a fine uniform grid over the gap of page 2
    assert bookmark_rounding_se(BOOKLET, 2) == pytest.approx(positions.std(), rel=1e-4)


@pytest.mark.parametrize(("locations", "mastered"), [([], 0), (BOOKLET, -1), (BOOKLET, 6)])
def test_bookmark_outside_the_booklet_is_refused(locations, mastered):
    for function in (bookmark_theta, bookmark_rounding_se):
        with pytest.raises(ValueError):
            function(locations, mastered)


def test_unsorted_booklet_is_refused():
    with pytest.raises(ValueError):
        bookmark_theta([0.5, 0.1], 1)


def test_median_cut_by_hand():
    values, rounding = [0.8, 0.1, 0.4, 0.3], [0.1, 0.0, 0.2, 0.2]
    cut = median_cut(values, rounding)
    sd = statistics.stdev(values)
    # (pi / 2) * sd^2 / n for the median, plus the mean squared rounding over n
    expected_se = math.sqrt(math.pi / 2 * sd**2 / 4 + (0.01 + 0.0 + 0.04 + 0.04) / 4 / 4)
    assert cut.value == pytest.approx((0.3 + 0.4) / 2)
    assert cut.se == pytest.approx(expected_se)
    assert cut.sd == pytest.approx(sd) and cut.panelists == 4
    # type-7 quartiles of 0.1, 0.3, 0.4, 0.8: positions 0.75 and 2.25 between order statistics
    q1, q3 = 0.1 + 0.75 * (0.3 - 0.1), 0.4 + 0.25 * (0.8 - 0.4)
    np.testing.assert_allclose(cut.spread, [0.1, q1, 0.35, q3, 0.8], atol=1e-12)
    assert median_cut(values).se == pytest.approx(math.sqrt(math.pi / 2) * sd / 2)


@pytest.mark.parametrize(
    ("mastered", "expected"),
    [(0, 0.2), (1, (0.2 + 0.1) / 2), (2, (0.1 + 0.3) / 2), (3, (0.3 + 0.05) / 2), (4, 0.05)],
)
def test_calibration_se_of_a_bookmark_by_hand(mastered, expected):
    # the cut is the midpoint of two positions (an end page's location at either end)
    errors = [0.2, 0.1, 0.3, 0.05]
    assert bookmark_calibration_se(errors, mastered) == pytest.approx(expected, abs=1e-15)


def test_calibration_se_outside_the_booklet_is_refused():
    for errors, mastered in (([], 0), ([0.1], -1), ([0.1], 2)):
        with pytest.raises(ValueError):
            bookmark_calibration_se(errors, mastered)


def test_median_cut_adds_the_shared_calibration_error_by_hand():
    values, rounding, errors = [0.8, 0.1, 0.4, 0.3], [0.1, 0.0, 0.2, 0.2], [0.06, 0.08, 0.1, 0.04]
    cut = median_cut(values, rounding, errors)
    sd = statistics.stdev(values)
    calibration = (0.06 + 0.08 + 0.1 + 0.04) / 4  # the mean, not divided by n: shared
    expected = math.sqrt(math.pi / 2 * sd**2 / 4 + (0.01 + 0.04 + 0.04) / 4 / 4 + calibration**2)
    assert cut.calibration == pytest.approx(0.07, abs=1e-15)
    assert cut.se == pytest.approx(expected, rel=1e-12)
    assert cut.value == median_cut(values, rounding).value
    # twice the panel: the panel's and the rounding's parts halve, the calibration part stays
    twice = median_cut(values * 2, rounding * 2, errors * 2)
    sd2 = statistics.stdev(values * 2)
    independent = math.pi / 2 * sd2**2 / 8 + 0.09 / 4 / 8
    assert twice.se == pytest.approx(math.sqrt(independent + 0.07**2), rel=1e-12)
    assert median_cut(values, rounding).calibration == 0.0
    with pytest.raises(ValueError):
        median_cut(values, rounding, errors[:3])


def test_one_panelist_has_no_standard_error():
    for cut in (median_cut([0.4], [0.1]), mean_cut([55.0])):
        assert cut.panelists == 1 and math.isnan(cut.sd) and math.isnan(cut.se)
    assert median_cut([0.4]).spread == (0.4,) * 5


def test_panel_cut_input_is_checked():
    with pytest.raises(ValueError):
        median_cut([])
    with pytest.raises(ValueError):
        median_cut([0.1, 0.2], [0.1])


# Three hand items: a = 1.2, b = (-1, 0.5) (sjt credits -1, 0, 1); a = 0.8, b = 0.3 (mcq
# with 4 options: -1/3, 1); a = 1.5, b = (-1.5, -0.5, 0.5, 1.5) (sjt 1..5: (s - 3) / 2).
HAND_A = [1.2, 0.8, 1.5]
HAND_B = [[-1.0, 0.5], [0.3], [-1.5, -0.5, 0.5, 1.5]]
HAND_CREDITS = [[-1.0, 0.0, 1.0], [-1.0 / 3.0, 1.0], [-1.0, -0.5, 0.0, 0.5, 1.0]]


def _hand_tcc(a, thresholds, credits, theta: float) -> float:
    """Return 100 x mean over items of sum_k P(X = k) credit_k, from the logistic by hand."""
    total = 0.0
    for slope, b, credit in zip(a, thresholds, credits, strict=True):
        at_least = [1.0] + [1.0 / (1.0 + math.exp(-slope * (theta - bk))) for bk in b] + [0.0]
        total += sum((at_least[k] - at_least[k + 1]) * credit[k] for k in range(len(credit)))
    return 100.0 * total / len(a)


def _hand_params() -> ItemParameters:
    return ItemParameters.from_thresholds(["H1", "H2", "H3"], HAND_A, HAND_B)


def test_characteristic_score_equals_the_hand_computed_curve():
    theta = np.linspace(-4.0, 4.0, 33)
    expected = [_hand_tcc(HAND_A, HAND_B, HAND_CREDITS, t) for t in theta]
    got = characteristic_score(_hand_params(), HAND_CREDITS, theta)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    assert expected_credit(_hand_params(), HAND_CREDITS, theta).shape == (3, 33)


def test_characteristic_score_runs_from_the_lowest_to_the_highest_credits():
    params = _hand_params()
    lowest = 100 * np.mean([c[0] for c in HAND_CREDITS])
    highest = 100 * np.mean([c[-1] for c in HAND_CREDITS])
    low, high = characteristic_score(params, HAND_CREDITS, [-40.0, 40.0])
    assert low == pytest.approx(lowest, abs=1e-9) and high == pytest.approx(highest, abs=1e-9)
    # at -6 the last 1% of the way: within 1 point of the floor, above it
    at_six = characteristic_score(params, HAND_CREDITS, [-6.0])[0]
    assert lowest < at_six < lowest + 1.0
    curve = characteristic_score(params, HAND_CREDITS, np.linspace(-6.0, 6.0, 241))
    assert np.all(np.diff(curve) > 0)


def test_score_cut_uses_the_slope_of_the_curve():
    params, h = _hand_params(), 1e-5
    for theta in (-1.3, 0.0, 0.7):
        numeric = (
            _hand_tcc(HAND_A, HAND_B, HAND_CREDITS, theta + h)
            - _hand_tcc(HAND_A, HAND_B, HAND_CREDITS, theta - h)
        ) / (2 * h)
        slope = characteristic_slope(params, HAND_CREDITS, [theta])[0]
        assert slope == pytest.approx(numeric, rel=1e-6)
        value, se = score_cut(params, HAND_CREDITS, theta, 0.2)
        assert value == pytest.approx(_hand_tcc(HAND_A, HAND_B, HAND_CREDITS, theta), rel=1e-12)
        assert se == pytest.approx(abs(numeric) * 0.2, rel=1e-6)


def test_credits_must_match_the_categories():
    with pytest.raises(ValueError):
        characteristic_score(_hand_params(), HAND_CREDITS[:2], [0.0])
    with pytest.raises(ValueError):
        characteristic_score(_hand_params(), [[0.0, 1.0]] * 3, [0.0])


def test_angoff_cut_needs_an_item():
    with pytest.raises(ValueError):
        angoff_panelist_cut([])


def _booklet_sample(rng: np.random.Generator, truth: ItemParameters, persons: int):
    """Return a response matrix of ``persons`` drawn from N(0, 1), every item shown."""
    shown = np.ones((persons, len(truth.items)), dtype=bool)
    return simulate(rng, truth, rng.normal(size=persons), shown)


def _ordered(calibration) -> np.ndarray:
    return np.sort(list(original_locations(calibration).values()))


def test_bootstrap_sd_is_close_to_the_sd_over_independent_samples():
    """The bootstrap SD of each ordered location, from one sample, against the Monte Carlo SD
    over 16 independent samples of the same items (the error it stands for).

    Loose tolerance: a Monte Carlo SD from 16 samples is off by ~1 / sqrt(30) = 18% per
    position and a bootstrap SD from 30 replicates by ~13%, with the sample's own luck on
    top; averaged (root mean square) over the 12 positions, the ratio must lie in 0.7..1.4.
    A bootstrap that resampled nothing gives 0, one on a sample of half the size ~1.41.
    """
    rng = np.random.default_rng(71)
    truth = random_items(rng, 4, 4)  # 4 items, 4 categories: 12 pages
    monte_carlo = np.array(
        [_ordered(calibrate(_booklet_sample(rng, truth, 400), "grm")) for _ in range(16)]
    )
    data = _booklet_sample(rng, truth, 400)
    fitted = calibrate(data, "grm")
    result = location_errors(data, fitted, replications=30, seed=5)
    assert (result.replications, result.failed) == (30, 0)
    assert list(result.errors) == list(original_locations(fitted))  # booklet order
    bootstrap = np.array(list(result.errors.values()))
    expected = monte_carlo.std(axis=0, ddof=1)
    ratio = math.sqrt(np.mean(bootstrap**2) / np.mean(expected**2))
    assert 0.7 <= ratio <= 1.4, (ratio, bootstrap.round(3), expected.round(3))
    again = location_errors(data, fitted, replications=30, seed=5)
    assert again.errors == result.errors  # seeded: the same booklet every time


def test_bootstrap_keys_are_original_categories_and_failures_are_counted():
    rng = np.random.default_rng(72)
    truth = random_items(rng, 4, 4)
    data = _booklet_sample(rng, truth, 100)
    values = data.values.copy()
    values[values[:, 0] == 2, 0] = 3  # item 1 never uses category 2: it is collapsed
    empty = np.full((100, 4), MISSING)  # persons without a response are dropped
    persons = [f"P{n:03d}" for n in range(200)]
    matrix = ResponseMatrix(tuple(persons), data.items, np.vstack([values, empty]))
    fitted = calibrate(matrix, "grm")
    assert fitted.categories[truth.items[0]] == (0, 1, 3)
    result = location_errors(matrix, fitted, replications=8, seed=3)
    keys = {(truth.items[0], 1), (truth.items[0], 3)} | {
        (item, k) for item in truth.items[1:] for k in (1, 2, 3)
    }
    # 100 of 200 persons answered: a resample keeps fewer than MIN_PERSONS = 100 about
    # half the time, and that replicate cannot be calibrated
    assert result.failed > 0 and result.replications > 1
    assert result.replications + result.failed == 8
    assert set(result.errors) == keys and all(e > 0 for e in result.errors.values())


TRUE_CUT = 0.5
PANELISTS = 8
PANEL_SD = 0.25
# ~0.35 s a replication with its bootstrap; 2-SE coverage has a binomial sd of ~0.027
# around 0.93. BOOTSTRAP = 8 replicates give a noisy calibration part (~27% per SD), which
# costs the coverage little: it is one part of three in quadrature.
REPLICATIONS = 80
BOOTSTRAP = 8
TRUE_CREDITS = [(s - 3) / 2 for s in SJT5]  # sjt scores 1..5: m = 3, M - m = 2


def _true_locations(truth: ItemParameters, fitted) -> list[float]:
    """Return the true RP67 location of every page of the estimated booklet.

    A kept category k of an item is its original category fitted.categories[item][k].
    """
    true_pages = {(p.item, p.category): p.location for p in booklet_pages(truth)}
    return [
        true_pages[page.item, fitted.categories[page.item][page.category]]
        for page in booklet_pages(fitted.params)
    ]


def _replication(seed: int) -> dict[str, tuple[float, float]]:
    """Simulate, calibrate and run one bookmark panel; return (estimate, SE) per quantity.

    "judged": a panelist masters the pages whose TRUE location is at or below his own cut
    (he judges the items' content) and bookmarks after that many pages of the estimated
    booklet, so calibration error reaches the cut: its SE holds the bootstrap calibration
    part. "read": he reads the estimated locations (the booklet's own numbers), so only
    rounding separates his bookmark from his cut and the calibration error does not reach
    it: its SE leaves that part out. "score": the C_score cut from the "judged" panel.
    """
    rng = np.random.default_rng(seed)
    truth = random_items(rng, 20, 5)
    data = simulate(rng, truth, rng.normal(size=600), draw_design(rng, 600, 20, 10))
    fitted = calibrate(data, "grm")
    assert fitted.converged and fitted.params.items == truth.items
    locations = np.array([p.location for p in booklet_pages(fitted.params)])
    true_locations = np.array(_true_locations(truth, fitted))
    own = TRUE_CUT + rng.normal(0.0, PANEL_SD, PANELISTS)
    errors = list(location_errors(data, fitted, BOOTSTRAP, seed=seed).errors.values())
    result = {}
    for name, judged in (("judged", true_locations), ("read", locations)):
        mastered = [int((judged <= cut).sum()) for cut in own]
        shared = [bookmark_calibration_se(errors, m) for m in mastered]
        panel = median_cut(
            [bookmark_theta(locations, m) for m in mastered],
            [bookmark_rounding_se(locations, m) for m in mastered],
            shared if name == "judged" else (),
        )
        result[name] = (panel.value, panel.se)
    # kept category k is original category c = categories[k], option score c + 1
    credits = [[TRUE_CREDITS[c] for c in fitted.categories[item]] for item in truth.items]
    result["score"] = score_cut(fitted.params, credits, *result["judged"])
    # the truth on the C_score scale: the hand TCC of the TRUE items at the true cut
    result["true score"] = _hand_tcc(truth.a, truth.thresholds(), [TRUE_CREDITS] * 20, TRUE_CUT)
    return result


def _coverage(pairs: np.ndarray, truth, name: str, least: float = 0.8) -> None:
    """Assert 2-SE coverage >= least, 1-SE coverage <= 0.85 and a mean error within 3 SE / sqrt(R).

    An honest SE covers ~68% and ~95%; a doubled one would cover ~95% within 1 SE.
    """
    errors, se = pairs[:, 0] - truth, pairs[:, 1]
    one, two = np.mean(np.abs(errors) <= se), np.mean(np.abs(errors) <= 2 * se)
    message = f"{name}: 1-SE coverage {one:.2f}, 2-SE coverage {two:.2f}"
    assert two >= least and one <= 0.85, message
    bias_limit = 3 * se.mean() / math.sqrt(len(errors))
    assert abs(errors.mean()) <= bias_limit, f"{message}, mean error {errors.mean():.4f}"


def test_bookmark_panel_recovers_the_true_cut_within_its_standard_error():
    runs = [_replication(1600 + r) for r in range(REPLICATIONS)]
    _coverage(np.array([run["judged"] for run in runs]), TRUE_CUT, "judged", least=0.9)
    _coverage(np.array([run["read"] for run in runs]), TRUE_CUT, "read")
    true_scores = np.array([run["true score"] for run in runs])
    _coverage(np.array([run["score"] for run in runs]), true_scores, "score", least=0.9)
