"""The material a panel judges, built once when the panel is created and kept as JSON.

Bookmark: per competency of the test, the graded response model is calibrated on the
event's finished attempts (items of that competency only, missing-by-design: each candidate
saw a draw of the pool), and every score category of every item becomes a page of the
ordered item booklet at its RP67 location. The parameters and each kept category's credit
are kept too, so the cuts on the ability scale turn into C_score cuts through the
competency's test characteristic curve without calibrating again. Each page also keeps its
"location_se", the bootstrap SD over BOOTSTRAP_REPLICATIONS resamples of the candidates of
the location at its position in the booklet (`psychometrics.location_errors`: the error of
the estimated item parameters, which every panelist's cut shares), and the competency keeps
how many replicates were used ("bootstrap"). When fewer than two replicates calibrate,
location_se is None (counted as 0, and said in the notes).

Modified Angoff: per competency, the items of the test's pool with the range of raw
scores a panelist may state.

Items dropped by a scoring correction are left out: they are not scored. Items credited in
full are left out of the booklet (every answer earns 1, so they tell nothing about ability)
and named in the notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assessment_app import psychometrics as pm
from assessment_app.bank import Bank, TestDef
from assessment_app.exceptions import conflict
from assessment_app.item_analysis.service import response_matrix
from assessment_app.models import PanelMethod
from assessment_app.standards.credit import category_credits, category_score, score_range

if TYPE_CHECKING:
    from assessment_app.results.compute import Corrections


def build(method: PanelMethod, bank: Bank, test: TestDef, codes, fixes: Corrections) -> dict:
    """Return the booklet of ``method`` for the competencies ``codes`` of ``test``."""
    if method is PanelMethod.ANGOFF:
        competencies = [_angoff(bank, test, code, fixes) for code in codes]
        return {"method": method.value, "competencies": competencies}
    return _bookmark(bank, test, codes, fixes)


def pool_items(bank: Bank, test: TestDef, code: str, fixes: Corrections) -> list:
    """Return the items of competency ``code`` the test can draw, scored ones only, by id."""
    items = {
        item.id: item
        for draw in test.draws
        if draw.competency == code
        for item in bank.pool(code, draw.level)
        if item.id not in fixes.dropped
    }
    return [items[key] for key in sorted(items)]


def _competency(bank: Bank, code: str) -> dict[str, Any]:
    competency = bank.competency(code)
    return {
        "code": code,
        "name": competency.name,
        "levels": {str(level): text for level, text in competency.levels},
        "notes": [],
    }


def _angoff(bank: Bank, test: TestDef, code: str, fixes: Corrections) -> dict[str, Any]:
    entry = _competency(bank, code)
    entry["items"] = []
    for item in pool_items(bank, test, code, fixes):
        low, high = score_range(item)
        entry["items"].append({"id": item.id, "type": item.type, "low": low, "high": high})
    return entry


def _bookmark(bank: Bank, test: TestDef, codes, fixes: Corrections) -> dict[str, Any]:
    matrix = response_matrix(test.code)
    competencies = [_calibrated(bank, test, code, fixes, matrix) for code in codes]
    usable = [entry for entry in competencies if entry["pages"]]
    if not usable:
        reasons = "; ".join(f"{e['code']}: {' '.join(e['notes'])}" for e in competencies)
        raise conflict(
            "Model GRM tidak dapat dikalibrasi untuk kompetensi mana pun dari data acara ini "
            f"({reasons}). Gunakan metode Angoff termodifikasi.",
            code="calibration_impossible",
        )
    return {
        "method": PanelMethod.BOOKMARK.value,
        "rp": pm.RP,
        "persons": len(matrix.persons),
        "competencies": competencies,
    }


def _calibrated(bank: Bank, test: TestDef, code: str, fixes: Corrections, matrix) -> dict:
    """Calibrate one competency's items and lay out its booklet (no pages if impossible)."""
    entry = _competency(bank, code)
    entry["pages"], entry["params"] = [], None
    scored = {item.id: item for item in pool_items(bank, test, code, fixes)}
    credited = sorted(set(scored) & fixes.credited)
    if credited:
        entry["notes"].append(f"Butir yang dinilai penuh tidak masuk buku: {', '.join(credited)}.")
    mine = matrix.take(items=[i in scored and i not in fixes.credited for i in matrix.items])
    try:
        calibration = pm.calibrate(mine, "grm")
    except pm.PsychometricsError as exc:
        entry["notes"].append(str(exc))
        return entry
    entry["notes"] += [note.message for note in calibration.notes]
    params = calibration.params
    credits = [category_credits(scored[i], calibration.categories[i]) for i in params.items]
    entry["persons"] = calibration.persons
    entry["params"] = {
        "items": list(params.items),
        "a": [float(a) for a in params.a],
        "thresholds": [[float(b) for b in t] for t in params.thresholds()],
        "credits": credits,
        "categories": [list(calibration.categories[i]) for i in params.items],
    }
    errors = _location_errors(entry, mine, calibration)
    entry["pages"] = [_page(page, scored, calibration, errors) for page in pm.booklet_pages(params)]
    return entry


def _location_errors(entry: dict, matrix, calibration) -> dict[tuple[str, int], float]:
    """Bootstrap the page locations; record the replicates used and note what is missing."""
    result = pm.location_errors(matrix, calibration)
    entry["bootstrap"] = {"replications": result.replications, "failed": result.failed}
    failed = f"; {result.failed} ulangan gagal dikalibrasi dan dilewati" if result.failed else ""
    entry["notes"].append(
        f"Galat lokasi halaman dari bootstrap peserta: {result.replications} ulangan{failed}."
    )
    if not result.errors:
        entry["notes"].append(
            "Galat lokasi halaman tidak dapat diperkirakan (kurang dari 2 ulangan bootstrap "
            "berhasil); galat estimasi parameter butir dihitung 0 dalam SE batas."
        )
    return result.errors


def _page(page, scored: dict, calibration, errors: dict) -> dict[str, Any]:
    """One booklet page: the item, the category reached, its RP67 location and its error."""
    item = scored[page.item]
    original = calibration.categories[page.item][page.category]
    return {
        "item": page.item,
        "category": page.category,
        "location": float(page.location),
        "location_se": errors.get((page.item, original)),
        "reach": _reach(item, original),
    }


# What reaching a page means, per item type, in Indonesian.
REACH = {"sjt": "memilih opsi berskor {score:g} atau lebih", "mcq": "menjawab benar"}


def _reach(item, original: int) -> str:
    """Say what reaching the original IRT category means for this item."""
    return REACH[item.type].format(score=category_score(item, original))


def parameters(entry: dict[str, Any]):
    """Return the competency's ItemParameters and per-item category credits from its entry."""
    params = entry["params"]
    return (
        pm.ItemParameters.from_thresholds(params["items"], params["a"], params["thresholds"]),
        params["credits"],
    )
