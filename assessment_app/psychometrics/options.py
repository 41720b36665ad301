"""What the psychometric commands offer before they compute: the models, the least data.

Plain values without numpy, so `flask irt ... --help` and the pages can name the choices
and defaults without loading the numerics (the package loads those on first use).
"""

from __future__ import annotations

MODELS = ("2pl", "grm")
MIN_PERSONS = 100  # fewer persons than this give no stable calibration
MIN_ITEM_RESPONSES = 50  # an item answered by fewer persons is left out
MIN_COUNT = 20  # persons an item (or a pair of items) needs before its statistics are given
