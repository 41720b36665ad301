"""Read and check the roster, standards, performance and potential spreadsheets (CSV/XLSX).

Pure functions: plain values in, plain values out; no Flask, database or Redis. Read a
file with `read_table`, then hand the `Table` to one of the `parse_*` functions; each
returns the valid rows together with every error and warning as a `RowError`.
"""

from assessment_app.tabular.nip import NipError, NipInfo, nip_from_row, normalize_nip, parse_nip
from assessment_app.tabular.performance import (
    PREDIKAT,
    PerformanceParse,
    PerformanceRow,
    canonical_predikat,
    parse_performance,
)
from assessment_app.tabular.potential import (
    PotentialParse,
    PotentialRow,
    canonical_potential,
    parse_potential,
)
from assessment_app.tabular.reader import cell_text, read_table
from assessment_app.tabular.roster import RosterParse, RosterRow, parse_roster, seat_key
from assessment_app.tabular.standards import (
    StandardRow,
    StandardsParse,
    parse_standards,
    position_key,
)
from assessment_app.tabular.table import Row, RowError, Table, TableError
from assessment_app.tabular.yearly import latest_by_nip

__all__ = [
    "PREDIKAT",
    "NipError",
    "NipInfo",
    "PerformanceParse",
    "PerformanceRow",
    "PotentialParse",
    "PotentialRow",
    "RosterParse",
    "RosterRow",
    "Row",
    "RowError",
    "StandardRow",
    "StandardsParse",
    "Table",
    "TableError",
    "canonical_potential",
    "canonical_predikat",
    "cell_text",
    "latest_by_nip",
    "nip_from_row",
    "normalize_nip",
    "parse_nip",
    "parse_performance",
    "parse_potential",
    "parse_roster",
    "parse_standards",
    "position_key",
    "read_table",
    "seat_key",
]
