"""Fixtures for the export tests: the small hand-built result set, with and without corrections."""

from __future__ import annotations

import pytest

from tests.exports.sample import CORRECTIONS, small_result_set


@pytest.fixture
def result_set():
    return small_result_set()


@pytest.fixture
def corrected_result_set():
    return small_result_set(CORRECTIONS)
