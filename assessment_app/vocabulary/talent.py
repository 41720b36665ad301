"""The competency groups that enter JPM (CONTRACT §6): technical competencies never do.

Pure and without numpy: the bank checks its dictionary against these words when it loads,
at every start-up, while the talent rules that compute JPM (numpy) load with the results.
"""

from __future__ import annotations

JPM_GROUPS = ("manajerial", "sosiokultural")
