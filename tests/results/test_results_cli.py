"""`results finalize|versions|export|reliability` from the command line."""

from __future__ import annotations

import csv
import io
import re

from assessment_app import clock
from tests.factories import csv_text, publish_sample_bank, roster_rows, sit, write
from tests.results.test_results_service import (  # noqa: F401  (event: the fixture)
    BANK,
    MANSOS,
    SAVE_GAP,
    _option_with,
    event,
)

RELIABILITY_HEADER = [
    "test_code",
    "competency",
    "persons",
    "items_per_person",
    "mean",
    "sd",
    "reliability",
    "sem",
]


def _export(runner, tmp_path) -> str:
    result = runner.invoke(
        args=["results", "export", "--format", "csv", "--out", str(tmp_path / "h.csv")]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_finalize_versions_and_the_export_label(app, event, runner, tmp_path):  # noqa: F811
    with app.app_context():
        assert "(SEMENTARA)" in _export(runner, tmp_path)
        fixed = runner.invoke(args=["results", "finalize", "--reason", "rapat pleno 2 Des"])
        assert fixed.exit_code == 0, fixed.output
        assert "Hasil ditetapkan sebagai versi 1 (sha256 " in fixed.output
        assert "(FINAL v1)" in _export(runner, tmp_path)
        again = runner.invoke(args=["results", "finalize", "--reason", "sekali lagi"])
        assert again.exit_code == 1
        assert "Hasil tidak berubah sejak versi 1; tidak ada versi baru." in again.output
        listed = runner.invoke(args=["results", "versions"])
        assert listed.exit_code == 0, listed.output
        lines = listed.output.splitlines()
        assert lines[0].startswith("v1\t") and lines[0].endswith("\trapat pleno 2 Des")
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2} WITA", lines[0].split("\t")[1])
        assert lines[-1] == "Sekarang: FINAL v1"
        # a new SKP year for the best candidate: Butuh Perbaikan -> box 6 instead of 9
        skp = csv_text([[event[0][0], "Butuh Perbaikan", "2026"]], ["nip", "predikat", "year"])
        imported = runner.invoke(args=["performance", "import", write(tmp_path / "p.csv", skp)])
        assert imported.exit_code == 0, imported.output
        listed = runner.invoke(args=["results", "versions"]).output.splitlines()
        assert "Sekarang: SEMENTARA (sejak v1)" in listed
        change = f"  NIP {event[0][0]}, tes MANSOS: berubah kinerja, kotak"
        assert change in listed
        assert "(SEMENTARA (sejak v1))" in _export(runner, tmp_path)
        fixed = runner.invoke(args=["results", "finalize", "--reason", "SKP 2026 masuk"])
        assert fixed.exit_code == 0 and "versi 2" in fixed.output
        listed = runner.invoke(args=["results", "versions"]).output.splitlines()
        assert [line.split("\t")[0] for line in listed[:2]] == ["v1", "v2"]
        assert listed[-1] == "Sekarang: FINAL v2"


def test_finalize_needs_a_reason(app, event, runner):  # noqa: F811
    with app.app_context():
        missing = runner.invoke(args=["results", "finalize"])
        assert missing.exit_code == 2 and "--reason" in missing.output
        blank = runner.invoke(args=["results", "finalize", "--reason", "   "])
        assert blank.exit_code == 1
        assert "Alasan penetapan hasil wajib diisi." in blank.output
        assert runner.invoke(args=["results", "versions"]).output.splitlines() == [
            "Sekarang: SEMENTARA"
        ]


def test_reliability_csv_by_hand(app, runner, tmp_path):
    # Three candidates answer the 5 items of every MANSOS competency, in the order shown:
    #   P1 options 5, 3, 3, 3, 3 -> credits 1, 0, 0, 0, 0: mean 1/5, squared deviations 4/5
    #   P2 options 5, 5, 1, 3, 3 -> 1, 1, -1, 0, 0: mean 1/5, 16/25 x 2 + 36/25 + 2/25 = 14/5
    #   P3 options 5 throughout -> 1 x 5: mean 1, 0
    # e = (4/5 + 14/5 + 0) / (4 + 4 + 4) = 3/10, ñ = 5, e / ñ = 3/50
    # X = sample variance of 1/5, 1/5, 1: mean 7/15, deviations -4/15, -4/15, 8/15
    #   -> (16 + 16 + 64) / 225 / 2 = 16/75
    # reliability = 1 - (3/50) / (16/75) = 1 - 9/32 = 23/32 = 0.71875 -> 0.7188 (half up)
    # sem = 100 sqrt(3/50) = 24.494897... -> 24.4949
    # C_scores 20, 20, 100: mean 46.6667, sd (ddof 0) sqrt(12800 / 9) = 37.712361... -> 37.7124
    clock.freeze()
    rows = roster_rows(3, tests="MANSOS")
    with app.app_context():
        publish_sample_bank()
        roster = runner.invoke(args=["roster", "import", write(tmp_path / "r.csv", csv_text(rows))])
        assert roster.exit_code == 0, roster.output
        token = runner.invoke(args=["session", "open", "S1"]).stdout.strip()
    patterns = ([5, 3, 3, 3, 3], [5, 5, 1, 3, 3], [5, 5, 5, 5, 5])
    for row, pattern in zip(rows, patterns, strict=True):
        sit(app, row, token, _by_position(pattern), gap=SAVE_GAP)
    out = tmp_path / "reliabilitas.csv"
    with app.app_context():
        result = runner.invoke(args=["results", "reliability", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert f"9 baris reliabilitas ditulis ke {out}" in result.output
    text = out.read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == RELIABILITY_HEADER
    # one row per competency of the test with finished attempts (TEK-* have none)
    assert [(r[0], r[1]) for r in table[1:]] == [("MANSOS", code) for code in MANSOS]
    for r in table[1:]:
        assert r[2:] == ["3", "5", "46.6667", "37.7124", "0.7188", "24.4949"]


def _by_position(scores: list[int]):
    """Choose, per competency, the option scored scores[n] on the n-th of its items shown."""
    seen: dict[str, int] = {}

    def pick(item_id: str) -> str:
        code = BANK.item(item_id).competency
        seen[code] = seen.get(code, 0) + 1
        return _option_with(item_id, scores[seen[code] - 1])

    return pick
