"""z and T scores over a cohort, population sd (CONTRACT §6): hand-computed."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose, assert_array_equal

from assessment_app.scoring import column_stats, standardise

NAN = np.nan


def test_small_cohort_by_hand():
    # column 0 (sjt): 2, 3, 4, not presented -> mean 3, sd sqrt(2/3) = 0.816496580927726,
    #   z = -1/sd, 0, 1/sd = -+1.224744871391589 (sqrt 1.5), t = 50 + 10 z
    # column 1 (mcq): 10, 20, 40, 50 -> mean 30, squared deviations 400+100+100+400 = 1000,
    #   sd = sqrt(1000 / 4) = sqrt(250) = 15.811388300841896 (ddof 0, not sqrt(1000 / 3)),
    #   z = -20/sd, -10/sd, 10/sd, 20/sd
    scores = np.array([[2.0, 10.0], [3.0, 20.0], [4.0, 40.0], [NAN, 50.0]])

    mean, sd, count = column_stats(scores)
    z, t = standardise(scores)

    assert_allclose(mean, [3.0, 30.0])
    assert_allclose(sd, [0.816496580927726, 15.811388300841896])
    assert_array_equal(count, [3, 4])
    expected_z = [
        [-1.224744871391589, -1.2649110640673518],
        [0.0, -0.6324555320336759],
        [1.224744871391589, 0.6324555320336759],
        [NAN, 1.2649110640673518],
    ]
    expected_t = [
        [37.75255128608411, 37.35088935932648],
        [50.0, 43.675444679663244],
        [62.24744871391589, 56.324555320336756],
        [NAN, 62.64911064067352],
    ]
    assert_allclose(z, expected_z, atol=1e-12)
    assert_allclose(t, expected_t, atol=1e-10)


def test_zero_sd_gives_nan_z_and_t():
    # every candidate scored 1.8 (a mean that is not exact in binary): sd is 0, not 1e-16
    scores = np.array([[1.8, 50.0], [1.8, 50.0], [1.8, 50.0], [1.8, NAN]])

    z, t = standardise(scores)

    assert np.isnan(z).all()
    assert np.isnan(t).all()


def test_single_attempt_and_empty_column_give_nan():
    z, t = standardise(np.array([[3.0, NAN]]))

    assert np.isnan(z).all() and np.isnan(t).all()


def test_one_dimensional_input_is_one_column():
    # 1, 3 -> mean 2, sd 1, z = -1, 1, t = 40, 60
    z, t = standardise([1.0, 3.0])

    assert_allclose(z, [-1.0, 1.0])
    assert_allclose(t, [40.0, 60.0])
