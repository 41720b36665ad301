"""A bookmark panel on the demo event with a simulated cohort: times and recovered cuts.

Run as `python -m bench.standard_setting` (BENCH_COHORT candidates, default 2000). In a fresh
instance it seeds the demo, adds the cohort (`demo.cohort.simulate_cohort`, answers from a
known GRM), seats PANELISTS panelists and times what a facilitator's day costs: creating
the bookmark panel for all nine MANSOS competencies (nine calibrations), a panelist's save,
the live summary the facilitator's page computes, closing the round, adopting, the results
after adoption, and the record and its CSV.

Each simulated panelist has his own cut at TRUE_CUT + N(0, PANEL_SD) on the ability scale
and bookmarks after the pages whose TRUE RP67 location (from the generating parameters) is
at or below it, then the next boundary one logit higher. Per competency the benchmark
prints the panel's cut on theta and on C_score with their SEs next to the truth (the true
cut, and the true test characteristic curve there), the calibration part of the theta SE
(the bootstrap error of the bookmarked pages' locations, shared by the panel), and whether
each lies within 2 SE.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from flask_migrate import upgrade

from assessment_app import create_app
from assessment_app import psychometrics as pm
from assessment_app.extensions import db
from assessment_app.store import stop_embedded

COHORT = int(os.environ.get("BENCH_COHORT", "2000"))
PANELISTS = 6
TRUE_CUT, STEP, PANEL_SD = 0.2, 0.5, 0.25  # boundary 2 at 0.2, then +0.5 per level
SEED = 2026


def _timed(label: str, call):
    started = time.perf_counter()
    value = call()
    print(f"{label:44}{time.perf_counter() - started:8.2f} s")
    return value


def _true_pages(entry: dict, truth) -> list[float]:
    """The TRUE RP67 location of each page of the estimated booklet (original categories)."""
    true_pages = {(p.item, p.category): p.location for p in pm.booklet_pages(truth)}
    params = entry["params"]
    kept = dict(zip(params["items"], params["categories"], strict=True))
    return [
        true_pages[page["item"], kept[page["item"]][page["category"]]] for page in entry["pages"]
    ]


def _judge(judgements, panel, users, truth, rng) -> dict:
    """Every panelist bookmarks every competency from his own true cuts; return the truths."""
    truths = {}
    for entry in panel.booklet["competencies"]:
        if not entry["pages"]:
            continue
        own_truth = _restricted(truth, entry["params"]["items"])
        locations = np.array(_true_pages(entry, own_truth))
        truths[entry["code"]] = (own_truth, len(entry["pages"]))
        for user in users:
            own = TRUE_CUT + rng.normal(0.0, PANEL_SD)
            marks = [int((locations <= own + STEP * k).sum()) for k in range(4)]
            if len(set(marks)) == 4:
                judged = [(entry["code"], 2 + k, "", m) for k, m in enumerate(marks)]
                judgements.save_judgements(user, panel.id, judged)
    return truths


def _restricted(truth, items):
    index = [truth.items.index(item) for item in items]
    return pm.ItemParameters(
        tuple(items), truth.a[index], truth.d[index], truth.n_categories[index]
    )


def _report(summary: dict, truths: dict, bank) -> None:
    """Print boundary 2 per competency, then the 2-SE coverage over every boundary."""
    print(
        f"\n{'comp':6}{'pages':>6}  {'theta cut (SE)':>17} {'calib':>6} {'true':>6}  "
        f"{'C cut (SE)':>16} {'true C':>7}  within 2 SE"
    )
    rows = []
    for entry in summary["competencies"]:
        if entry["code"] in truths:
            rows += _boundaries(entry, *truths[entry["code"]], bank)
    for code, pages, b, true_c, inside in rows:
        if b["level"] == 2:
            print(
                f"{code:6}{pages:>6}  {b['theta']:8.3f} ({b['theta_se']:.3f})"
                f" {b.get('theta_se_calibration') or 0.0:6.3f} {TRUE_CUT:6.2f}"
                f"  {b['cut']:8.2f} ({b['se']:5.2f}) {true_c:7.2f}  "
                f"{'ya' if inside[0] else 'TIDAK'}/{'ya' if inside[1] else 'TIDAK'}"
            )
    _coverage(rows)


def _boundaries(entry: dict, truth, pages: int, bank) -> list[tuple]:
    """Return (code, pages, boundary, true C cut, (theta inside, C inside)) per boundary."""
    from assessment_app.standards.credit import category_credits

    credits = [
        category_credits(bank.item(i), range(n))
        for i, n in zip(truth.items, truth.n_categories, strict=True)
    ]
    rows = []
    for k, b in enumerate(entry["boundaries"]):
        true_theta = TRUE_CUT + STEP * k
        true_c = float(pm.characteristic_score(truth, credits, [true_theta])[0])
        inside = (
            abs(b["theta"] - true_theta) <= 2 * b["theta_se"],
            abs(b["cut"] - true_c) <= 2 * b["se"],
            abs(b["theta"] - true_theta) <= 2 * _without_calibration(b, b["theta_se"]),
            abs(b["cut"] - true_c) <= 2 * _without_calibration(b, b["se"]),
        )
        rows.append((entry["code"], pages, b, true_c, inside))
    return rows


def _without_calibration(boundary: dict, se: float) -> float:
    """Return ``se`` without the calibration part, as before it was counted.

    theta: sqrt(theta_se^2 - calibration^2); the C_score SE is the delta method, linear in
    the theta SE, so it shrinks by the same ratio.
    """
    theta_se, part = boundary["theta_se"], boundary.get("theta_se_calibration") or 0.0
    return se * math.sqrt(max(theta_se**2 - part**2, 0.0)) / theta_se


def _coverage(rows: list[tuple]) -> None:
    """Print how many boundary cuts (all levels) lie within 2 SE, with and without calibration."""
    n = len(rows)
    counts = [sum(row[4][j] for row in rows) for j in range(4)]
    print(
        f"\nwithin 2 SE over {n} boundary cuts: theta {counts[0]}/{n}, C {counts[1]}/{n}"
        f" (without the calibration part: theta {counts[2]}/{n}, C {counts[3]}/{n})"
    )


def run() -> None:
    """Seed, simulate, run one round and adopt; print times and the recovered cuts."""
    from assessment_app.demo.cohort import simulate_cohort
    from assessment_app.demo.service import seed_demo
    from assessment_app.results.service import result_set
    from assessment_app.snapshots.catalog import bank_for
    from assessment_app.standards import judgements, record, record_csv, service
    from assessment_app.users.service import create_user

    seed_demo()
    cohort = _timed(f"simulate_cohort({COHORT})", lambda: simulate_cohort(COHORT, seed=SEED))
    users = [
        create_user("panelis", f"panelis{n}", "rahasia-ujian-123", actor="bench")
        for n in range(1, PANELISTS + 1)
    ]
    db.session.commit()
    panel = _timed(
        "create bookmark panel (9 calibrations)",
        lambda: service.create_panel("MANSOS", "bookmark", actor="bench"),
    )
    for user in users:
        service.add_panelist(panel.id, user.username, actor="bench")
    service.open_round(panel.id, actor="bench")
    rng = np.random.default_rng(SEED)
    truths = _timed(
        f"{PANELISTS} panelists x 9 competencies saved",
        lambda: _judge(judgements, panel, users, cohort.params, rng),
    )
    db.session.commit()
    _timed("live summary (facilitator's page)", lambda: service.round_summary(panel, 1))
    closed = _timed("close round", lambda: service.close_round(panel.id, actor="bench"))
    _timed("adopt", lambda: service.adopt(panel.id, actor="bench", reason="bench"))
    _timed("result_set() after adoption", result_set)
    _timed("record + CSV", lambda: record_csv.record_csv(record.panel_record(panel), io.StringIO()))
    _report(closed.summary, truths, bank_for(panel.snapshot_id))


def main() -> None:
    """Run in a fresh instance (embedded SQLite and Redis unless DATABASE_URL/REDIS_URL)."""
    from assessment_app.snapshots.catalog import clear_caches

    clear_caches()
    print(f"\n== standard setting: bookmark panel, demo event + {COHORT} simulated ==")
    with tempfile.TemporaryDirectory(prefix="bench-standards-") as name:
        instance = str(Path(name) / "instance")
        app = create_app("development", INSTANCE_PATH=instance)
        try:
            with app.app_context():
                upgrade()
                run()
        finally:
            with app.app_context():
                db.engine.dispose()
            stop_embedded(instance)


if __name__ == "__main__":
    main()
