"""Hand-made talent results, shared by the export tests and the results-page tests."""

from __future__ import annotations

from assessment_app.results.model import TalentResult


def talent(
    achieved=None,
    required=None,
    jpm=None,
    category=None,
    predikat=None,
    performance=None,
    box=None,
    potential=None,
    *,
    source=None,
    below=(),
    krs=None,
    review=False,
) -> TalentResult:
    """Return a TalentResult; a potential comes from the JPM and a box has a KRS unless told."""
    if potential is not None and source is None:
        source = "JPM"
    return TalentResult(
        achieved=achieved or {},
        required=required or {},
        jpm=jpm,
        jpm_category=category,
        potential=potential,
        potential_source=source,
        predikat=predikat,
        performance=performance,
        box=box,
        below_standard=tuple(below),
        krs=krs if krs is not None or box is None else "tidak",
        review=review,
    )
