"""The record of a standard-setting panel, for BKPSDM: the printable report and its CSV.

`panel_record` gathers in plain values what the panel did and what it gave: the method and
its formulas in words, the panel (labels with full names and usernames: this record is for
BKPSDM, the panelists only ever see labels), the rounds, every judgement of every round, the
cuts of each closed round with their standard errors and spread, the impact of those cuts,
the calibration facts from the booklet, the adoption and the record's digest
(`service.record_digest`). Nothing is recomputed: the cuts and impact are those each round
kept when it closed (`PanelRound.summary`), so the record shows what the panel saw. An open
round has its judgements listed but no cuts yet.

`record_csv` writes the whole record as one CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from assessment_app import clock
from assessment_app.extensions import db
from assessment_app.models import Event, PanelJudgement, ScoringOverride, StandardPanel, User
from assessment_app.results.cuts import shown_value
from assessment_app.scoring import round_half_up_scalar
from assessment_app.snapshots.catalog import bank_for
from assessment_app.standards.service import record_digest
from assessment_app.vocabulary.standards import METHOD_LABELS

DECIMALS = 4

# Rules both methods share (standards.summary, standards.service.adopted_cuts).
COMMON_TEXT = (
    "Batas diusulkan bila keempat batas ada, naik berurutan, dan batas level 2 di atas 0 "
    "(skor C yang diperoleh peserta yang menebak acak atau tidak menjawab; mereka harus "
    "tetap di level 1). Batas yang ditetapkan dibulatkan setengah ke atas menjadi 2 desimal.",
)

# What the numbers are, in words, for the report (psychometrics.standard_setting says the same
# in its docstrings; these sentences follow them and invent nothing).
METHOD_TEXT = {
    "bookmark": (
        "Untuk setiap kompetensi, model respons bertingkat (GRM) dikalibrasi dengan "
        "estimasi kemungkinan maksimum marginal pada upaya tes yang sudah selesai di acara ini "
        "(hanya butir kompetensi itu; tiap peserta mendapat sebagian butir dari pool).",
        "Buku butir berurutan: setiap kategori skor k >= 1 dari setiap butir menjadi satu "
        "halaman, pada kemampuan (theta) tempat peserta mencapai kategori k atau lebih dengan "
        "peluang {rp} (RP67): theta = (logit({rp}) - d_k) / a. Halaman diurutkan menurut "
        "lokasinya.",
        "Panelis menandai, untuk setiap batas level (2, 3, 4, 5), berapa halaman yang dikuasai "
        "peserta ambang. Batas panelis pada skala theta adalah titik tengah antara halaman "
        "terakhir yang dikuasai dan halaman yang ditandai (sebelum halaman pertama: lokasi "
        "halaman pertama; sesudah halaman terakhir: lokasi halaman terakhir).",
        "Batas panel adalah median batas para panelis. Galat baku (SE) = akar(panel^2 + "
        "rata-rata(g^2) / n + kalibrasi^2), dengan panel = akar(pi/2) x SD / akar(n) (SE "
        "median sampel besar dari data normal), g = lebar celah halaman / akar(12) untuk tiap "
        "panelis (pembulatan oleh buku; 0 di ujung buku), dan kalibrasi = galat estimasi "
        "parameter butir: SD lokasi setiap posisi halaman atas ulangan bootstrap (peserta "
        "diambil ulang dengan pengembalian dan GRM dikalibrasi ulang), untuk tiap panelis "
        "rata-rata galat kedua halaman di sekitar penandanya (batas atas, karena galat yang "
        "bersebelahan berkorelasi positif), dirata-ratakan atas panelis dan tidak dibagi n "
        "karena semua panelis membaca buku yang sama.",
        "Batas pada skala skor C adalah kurva karakteristik tes kompetensi itu (rata-rata "
        "kredit terkoreksi tebakan yang diharapkan x 100) pada theta batas; SE-nya dengan "
        "metode delta: |turunan kurva| x SE theta.",
        "Batasan: panelis dianggap saling bebas (tidak lagi demikian setelah diskusi antar "
        "putaran); rumus SE median hanya mendekati untuk n kecil; bila semua panelis memilih "
        "celah yang sama, pembulatan buku terhitung terlalu kecil; galat estimasi parameter "
        "butir termasuk lewat bootstrap (jumlah ulangan tercatat pada catatan kalibrasi tiap "
        "kompetensi; SD dari B ulangan meleset sekitar 1 / akar(2(B - 1)), 16% untuk B = 20). "
        "Dengan satu "
        "panelis SD dan SE tidak dapat dihitung.",
        "Batasan kurva: kurva hanya memuat butir yang terkalibrasi (butir dengan jawaban "
        "terlalu sedikit tidak masuk, tetapi tetap dihitung dalam skor C peserta) dan "
        "menganggap setiap butir yang disajikan dijawab (butir sjt yang tidak dijawab hilang "
        "dari kalibrasi tetapi mendapat kredit 0 dalam skor C). Skala theta adalah skala "
        "peserta acara ini (prior N(0, 1)): acara lain memerlukan panel atau penyetaraan "
        "sendiri.",
        *COMMON_TEXT,
    ),
    "angoff": (
        "Panelis menyatakan, untuk setiap butir kompetensi dan setiap batas level (2, 3, 4, "
        "5), skor opsi yang diharapkan (sjt) atau peluang menjawab benar (pilihan ganda) dari "
        "peserta ambang.",
        "Nilai itu diubah menjadi kredit terkoreksi tebakan yang diharapkan: sjt (E - m) / "
        "(M - m), dengan m rata-rata dan M skor opsi tertinggi; pilihan ganda dengan k opsi "
        "p - (1 - p) / (k - 1).",
        "Batas panelis = 100 x rata-rata kredit itu atas semua butir; batas panel = rata-rata "
        "batas panelis yang menilai semua butir; SE = SD / akar(n) (SD sampel).",
        "Batasan: panelis dianggap saling bebas (tidak lagi demikian setelah diskusi antar "
        "putaran). Dengan satu panelis SD dan SE tidak dapat dihitung.",
        *COMMON_TEXT,
    ),
}


@dataclass(frozen=True)
class Member:
    """A panelist as BKPSDM knows him."""

    label: str
    username: str
    full_name: str


@dataclass(frozen=True)
class Calibration:
    """What a competency's booklet rests on: persons calibrated, items, pages, notes."""

    code: str
    name: str
    persons: int | None  # None for Angoff (no calibration)
    items: int
    pages: int | None  # None for Angoff
    notes: tuple[str, ...]


@dataclass(frozen=True)
class RoundFacts:
    """Who opened and closed a round, and when."""

    number: int
    opened_by: str
    opened_at: datetime
    closed_by: str | None
    closed_at: datetime | None


@dataclass(frozen=True)
class Judgement:
    """One panelist's judgement (bookmark: pages mastered; Angoff: expected score)."""

    round: int
    label: str
    competency: str
    boundary: int
    item: str
    value: float


@dataclass(frozen=True)
class PanelistCut:
    """One panelist's own cut at a boundary (C_score; bookmark: also theta and pages)."""

    label: str
    score: float | None
    theta: float | None
    bookmark: int | None


@dataclass(frozen=True)
class Cut:
    """A closed round's panel cut at one boundary of one competency."""

    round: int
    competency: str
    boundary: int
    n: int
    cut: float | None
    se: float | None
    theta: float | None
    theta_se: float | None
    theta_se_calibration: float | None  # bookmark: the part of theta_se the panel shares
    sd: float | None
    spread: tuple[float | None, ...]  # min, q1, median, q3, max of the panelists' values
    panelists: tuple[PanelistCut, ...]
    incomplete: tuple[str, ...]  # Angoff: labels that left items out


@dataclass(frozen=True)
class Outcome:
    """A closed round's cuts of one competency and their impact (percent at levels 1..5)."""

    round: int
    competency: str
    name: str
    cuts: tuple[float, ...] | None
    problem: str
    persons: int
    proposed: tuple[float, ...] | None
    in_force: tuple[float, ...] | None


@dataclass(frozen=True)
class Adoption:
    """The adoption of the panel's cuts: the correction it made, if it still stands."""

    at: datetime | None
    by: str | None
    correction_id: int | None
    reason: str
    cuts: str  # the correction's value for people, e.g. "INT: 25; 45; 62; 81"
    withdrawn: bool  # adopted, but the correction was withdrawn since


@dataclass(frozen=True)
class Record:
    """The whole record of one panel."""

    panel_id: int
    title: str
    event: str
    test_code: str
    test_title: str
    method: str
    method_name: str
    method_text: tuple[str, ...]
    created_by: str
    created_at: datetime
    round_open: bool
    members: tuple[Member, ...]
    calibration: tuple[Calibration, ...]
    rounds: tuple[RoundFacts, ...]
    judgements: tuple[Judgement, ...]
    cuts: tuple[Cut, ...]
    outcomes: tuple[Outcome, ...]
    adoption: Adoption | None
    digest: str
    printed_at: datetime


def panel_record(panel: StandardPanel) -> Record:
    """Return the record of ``panel`` as it stands now."""
    book, labels = panel.booklet, {seat.id: seat.label for seat in panel.panelists}
    summaries = [r.summary for r in panel.rounds if r.summary]
    return Record(
        panel_id=panel.id,
        title=panel.title,
        event=db.session.get(Event, panel.event_id).name,
        test_code=panel.test_code,
        test_title=bank_for(panel.snapshot_id).test(panel.test_code).title,
        method=panel.method.value,
        method_name=METHOD_LABELS[panel.method.value],
        method_text=_method_text(book),
        created_by=panel.created_by,
        created_at=panel.created_at,
        round_open=panel.round_open,
        members=_members(panel),
        calibration=tuple(_calibration(entry) for entry in book["competencies"]),
        rounds=tuple(
            RoundFacts(r.number, r.opened_by, r.opened_at, r.closed_by, r.closed_at)
            for r in panel.rounds
        ),
        judgements=_judgements(panel, labels),
        cuts=tuple(cut for s in summaries for cut in _cuts(s)),
        outcomes=tuple(_outcome(s["round"], c) for s in summaries for c in s["competencies"]),
        adoption=_adoption(panel),
        digest=record_digest(panel),
        printed_at=clock.now(),
    )


def _method_text(book: dict) -> tuple[str, ...]:
    rp = round_half_up_scalar(book.get("rp") or 2.0 / 3.0, DECIMALS)
    return tuple(text.replace("{rp}", f"{rp:g}") for text in METHOD_TEXT[book["method"]])


def _members(panel: StandardPanel) -> tuple[Member, ...]:
    ids = [seat.user_id for seat in panel.panelists]
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return tuple(
        Member(seat.label, users[seat.user_id].username, users[seat.user_id].full_name or "")
        for seat in panel.panelists
    )


def _calibration(entry: dict) -> Calibration:
    if "pages" not in entry:  # Angoff: the item pool, nothing calibrated
        items = len(entry.get("items") or [])
        return Calibration(entry["code"], entry["name"], None, items, None, tuple(entry["notes"]))
    params = entry.get("params") or {}
    return Calibration(
        entry["code"],
        entry["name"],
        entry.get("persons"),
        len(params.get("items") or []),
        len(entry["pages"]),
        tuple(entry["notes"]),
    )


def _judgements(panel: StandardPanel, labels: dict[int, str]) -> tuple[Judgement, ...]:
    query = select(PanelJudgement).where(PanelJudgement.panel_id == panel.id)
    rows = [
        Judgement(j.round, labels[j.panelist_id], j.competency, j.boundary, j.item_id, j.value)
        for j in db.session.scalars(query)
    ]
    return tuple(sorted(rows, key=lambda j: (j.round, j.label, j.competency, j.boundary, j.item)))


def _cuts(summary: dict) -> Iterator[Cut]:
    for competency in summary["competencies"]:
        for b in competency["boundaries"]:
            yield Cut(
                round=summary["round"],
                competency=competency["code"],
                boundary=b["level"],
                n=b["n"],
                cut=b["cut"],
                se=b["se"],
                theta=b.get("theta"),
                theta_se=b.get("theta_se"),
                theta_se_calibration=b.get("theta_se_calibration"),
                sd=b["sd"],
                spread=tuple(b["spread"]),
                panelists=tuple(
                    PanelistCut(p["label"], p.get("score"), p.get("theta"), p.get("bookmark"))
                    for p in b["panelists"]
                ),
                incomplete=tuple(b.get("incomplete") or ()),
            )


def _percent(shares: list | None) -> tuple[float, ...] | None:
    return None if shares is None else tuple(100.0 * share for share in shares)


def _outcome(number: int, competency: dict) -> Outcome:
    impact, cuts = competency["impact"], competency["cuts"]
    return Outcome(
        round=number,
        competency=competency["code"],
        name=competency["name"],
        cuts=None if cuts is None else tuple(cuts),
        problem=competency["problem"],
        persons=impact["persons"],
        proposed=_percent(impact["proposed"]),
        in_force=_percent(impact["in_force"]),
    )


def _adoption(panel: StandardPanel) -> Adoption | None:
    query = select(ScoringOverride).where(ScoringOverride.panel_id == panel.id)
    correction = db.session.scalars(query.order_by(ScoringOverride.id.desc())).first()
    if panel.adopted_at is None and correction is None:
        return None
    return Adoption(
        at=panel.adopted_at,
        by=panel.adopted_by,
        correction_id=correction.id if correction else None,
        reason=correction.reason if correction else "",
        cuts=shown_value(correction.value) if correction else "",
        withdrawn=correction is None,
    )


# --- the CSV ------------------------------------------------------------------------------
