"""The reliability table (CONTRACT §5, §6): one row per test and competency measured.

Shared by the CSV of `results reliability`, the workbook's reliability sheet and the pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from assessment_app.exports._numbers import round_half_up
from assessment_app.exports.columns import DEC4, INT, TEXT
from assessment_app.results.model import ResultSet

DECIMALS = 4
RELIABILITY_COLUMNS = (
    ("test_code", TEXT),
    ("competency", TEXT),
    ("persons", INT),
    ("items_per_person", DEC4),
    ("mean", DEC4),
    ("sd", DEC4),
    ("reliability", DEC4),
    ("sem", DEC4),
)


def reliability_values(result_set: ResultSet) -> Iterator[list]:
    """Yield one list of typed values per test and competency, matching the columns."""
    for row in result_set.reliability:
        s = row.stats
        yield [
            row.test_code,
            row.competency,
            s.persons,
            *(
                round_half_up(value, DECIMALS)
                for value in (s.items_per_person, s.mean, s.sd, s.reliability, s.sem)
            ),
        ]
