"""Flags on finished attempts: incomplete (exact fractions), rapid guessing, longest option."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from assessment_app.scoring import flags
from assessment_app.scoring.flags import (
    FLAGS,
    INCOMPLETE,
    LONGEST_MIN_ANSWERS,
    LONGEST_OPTION,
    LONGEST_SHARE,
    RAPID_GUESSING,
    RAPID_MIN_ANSWERS,
    RAPID_SECONDS,
    RAPID_SHARE,
    incomplete,
    longest_option,
    rapid_guessing,
)


@pytest.mark.parametrize(
    ("answered", "total", "share", "expected"),
    [
        (36, 45, 0.8, False),  # 36 * 5 = 180 = 45 * 4: exactly the share is complete
        (35, 45, 0.8, True),
        (4, 5, 0.8, False),
        (3, 5, 0.8, True),
        (0, 45, 0.0, False),  # share 0: nothing needs answering
        (45, 45, 1.0, False),
        (44, 45, 1.0, True),  # share 1: every item
        (7, 10, 0.7, False),
        (6, 10, 0.7, True),
        # 0.14 x 50 = 7.000000000000001 in floats: the exact 7/50 is complete
        (7, 50, 0.14, False),
        (7, 25, 0.28, False),
        (6, 25, 0.28, True),
    ],
)
def test_incomplete_compares_exactly(answered, total, share, expected):
    assert bool(incomplete(answered, total, share)) is expected


def test_incomplete_is_vectorised():
    assert_array_equal(incomplete([36, 35, 0], [45, 45, 0], 0.8), [False, True, False])


def test_thresholds_are_the_documented_ones():
    assert (RAPID_SECONDS, RAPID_SHARE, RAPID_MIN_ANSWERS) == (3.0, 0.25, 4)
    assert (LONGEST_SHARE, LONGEST_MIN_ANSWERS) == (0.9, 10)
    assert list(FLAGS) == [INCOMPLETE, RAPID_GUESSING, LONGEST_OPTION]
    assert all(flag.label and flag.rule for flag in FLAGS.values())
    assert "3 detik" in FLAGS[RAPID_GUESSING].rule


def test_rapid_guessing_by_save_gaps():
    # attempt 0 starts at 0 and saves 5 answers 1 s apart: all 5 rapid -> flagged
    # attempt 1 starts at 0 and saves 5 answers 20 s apart: none rapid
    # attempt 2: 3 answers 1 s apart, fewer than RAPID_MIN_ANSWERS (4) -> not flagged
    # attempt 3: gaps of exactly 3 s are not "less than 3 s" -> not flagged
    # attempt 4: 4 answers, first after 10 s, then gaps 1, 20, 1 -> 2 of 4 rapid > 25 % -> flagged
    # attempt 5: 8 answers, 2 rapid (= 25 %, not more) -> not flagged
    rows = [0] * 5 + [1] * 5 + [2] * 3 + [3] * 4 + [4] * 4 + [5] * 8
    saved = (
        [1, 2, 3, 4, 5]
        + [20, 40, 60, 80, 100]
        + [1, 2, 3]
        + [3, 6, 9, 12]
        + [10, 11, 31, 32]
        + [10, 11, 31, 51, 52, 72, 92, 112]
    )
    started = [0.0] * 6

    assert_array_equal(
        rapid_guessing(rows, saved, started), [True, False, False, False, True, False]
    )


def test_rapid_guessing_sorts_saves_and_ignores_an_unknown_start():
    # the saves of attempt 0 arrive out of order (items saved 1 s apart once sorted);
    # attempt 1 has no known start: its first answer is not judged, the other 3 gaps of
    # 1 s are rapid (3 of 4 > 25 %) -> flagged; attempt 2 has no answers
    rows = [0, 0, 0, 0, 1, 1, 1, 1]
    saved = [4.0, 2.0, 3.0, 1.0, 100.0, 101.0, 102.0, 103.0]

    result = rapid_guessing(rows, saved, [0.0, np.nan, 5.0])

    assert_array_equal(result, [True, True, False])


def test_longest_option_chosen_throughout():
    # attempt 0: 10 answers, 9 longest (90 %) -> flagged; attempt 1: 10 answers, 8 -> not;
    # attempt 2: 9 answers, all longest, but fewer than 10 -> not; attempt 3: none
    rows = [0] * 10 + [1] * 10 + [2] * 9
    longest = [True] * 9 + [False] + [True] * 8 + [False] * 2 + [True] * 9

    assert_array_equal(longest_option(rows, longest, 4), [True, False, False, False])


def test_the_module_is_reachable_from_the_package():
    assert flags.incomplete is incomplete
