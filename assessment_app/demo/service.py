"""Seed the demo event through the same import services that real files use."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from assessment_app import clock
from assessment_app.bank import load_bank
from assessment_app.events.service import ensure_event, get_session, open_session
from assessment_app.exceptions import conflict
from assessment_app.extensions import db
from assessment_app.imports.roster import import_roster
from assessment_app.imports.talent import import_performance, import_standards
from assessment_app.models import Candidate, User
from assessment_app.security import pin_vault
from assessment_app.snapshots.service import publish
from assessment_app.tabular import read_table, roster
from assessment_app.users.service import create_user

ACTOR = "demo"
ADMIN = ("admin", "admin-demo-2026")
PROCTORS = (("pengawas1", "pengawas-demo-1", "R01"), ("pengawas2", "pengawas-demo-2", "R02"))
POSITIONS = (  # title, position_code, tests (the roster assigns them in this order)
    ("Analis Kebijakan Ahli Muda", "AK-MUDA", "MANSOS;TEK-AK"),
    ("Analis Kebijakan Ahli Pertama", "AK-PERTAMA", "MANSOS;TEK-AK"),
    ("Pranata Komputer Ahli Muda", "PRAKOM-MUDA", "MANSOS;TEK-PK"),
    ("Pranata Komputer Ahli Pertama", "PRAKOM-PERTAMA", "MANSOS;TEK-PK"),
    ("Kepala Subbagian Umum dan Kepegawaian", "PENGAWAS", "MANSOS"),
    ("Kepala Bidang Pelayanan", "ADMINISTRATOR", "MANSOS"),
)
# Demo Standar Kompetensi Jabatan: the usual pattern of the position levels (Administrator 3,
# Pengawas 2, JF Ahli Muda 2, Ahli Pertama 1-2), set per competency where the role needs it.
# Real standards are the agency's data, imported with `standards import`; never derive them.
STANDARD_CODES = ("INT", "KS", "KOM", "OPH", "PP", "PDOL", "MP", "PK", "PB")
STANDARDS = {  # levels in STANDARD_CODES order
    "AK-MUDA": (2, 2, 3, 2, 2, 2, 2, 3, 2),  # KOM, PK 3: argues advice, weighs alternatives
    "AK-PERTAMA": (2, 2, 2, 2, 2, 1, 1, 2, 2),  # PDOL, MP 1
    "PRAKOM-MUDA": (2, 2, 2, 2, 3, 2, 3, 2, 2),  # PP, MP 3: e-services, users through change
    "PRAKOM-PERTAMA": (2, 2, 2, 2, 2, 1, 1, 2, 2),  # PDOL, MP 1
    "PENGAWAS": (2, 2, 2, 2, 2, 2, 2, 2, 2),
    "ADMINISTRATOR": (3, 3, 3, 3, 3, 3, 3, 3, 3),
}
UNITS = (
    "Sekretariat Daerah",
    "Dinas Komunikasi dan Informatika",
    "Bapperida",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "BKPSDM",
    "Dinas Lingkungan Hidup",
    "Kecamatan Balikpapan Tengah",
    "DPMPTSP",
)
GIVEN = (
    "Ahmad",
    "Siti",
    "Muhammad",
    "Nur",
    "Rina",
    "Budi",
    "Dewi",
    "Agus",
    "Fitri",
    "Hendra",
    "Wahyuni",
    "Rahmat",
    "Yuliana",
    "Andi",
    "Sri",
    "Irwan",
    "Ratna",
    "Fajar",
    "Lestari",
    "Darmawan",
)
FAMILY = (
    "Saputra",
    "Rahayu",
    "Hidayat",
    "Kusuma",
    "Pratama",
    "Lestari",
    "Syahputra",
    "Wulandari",
    "Nugroho",
    "Sari",
    "Makmur",
    "Daeng",
    "Tambunan",
    "Siregar",
    "Hasibuan",
    "Wijaya",
)
PREDIKAT = ("Sangat Baik", "Baik", "Baik", "Baik", "Butuh Perbaikan")
CANDIDATES = 40


@dataclass(frozen=True)
class DemoLogins:
    """What `flask demo` prints."""

    admin: tuple[str, str]
    proctors: tuple[tuple[str, str, str], ...]
    candidates: list[tuple[str, str, str, str, str]]  # nip, name, pin, session, room
    session_code: str
    token: str
    created: bool


def seed_demo() -> DemoLogins:
    """Create the demo event once; later calls only report its logins."""
    if not current_app.config["SEED_DEMO"]:
        raise conflict("Data demo tidak dibuat di lingkungan produksi.", code="demo_disabled")
    created = db.session.scalar(select(User).where(User.username == ADMIN[0])) is None
    if created:
        _publish_bank()
        ensure_event("Asesmen Kompetensi ASN Pemkot Balikpapan Gelombang I (Demo)")
        create_user("admin", *ADMIN, actor=ACTOR, full_name="Admin BKPSDM")
        for username, password, room in PROCTORS:
            create_user(
                "proctor",
                username,
                password,
                actor=ACTOR,
                rooms=[room],
                full_name=f"Pengawas {room}",
            )
        _import(import_roster, _roster_csv())
        _import(import_standards, _standards_csv())
        _import(import_performance, _performance_csv())
        _schedule()
    session = open_session("S1", ACTOR)
    return DemoLogins(ADMIN, PROCTORS, _candidate_logins(), session.code, session.token, created)


def _publish_bank() -> None:
    result = load_bank(current_app.config["QUESTION_BANK"])
    if result.problems:
        raise conflict(
            "Bank soal contoh tidak valid: " + str(result.problems[0]), code="invalid_bank"
        )
    publish(result.bank, ACTOR)


def _import(importer, text: str) -> None:
    report = importer(read_table(text.encode(), "demo.csv"), actor=ACTOR)
    if not report.ok:
        raise conflict(
            "Data demo tidak valid: " + "; ".join(map(str, report.errors[:3])),
            code="invalid_demo_data",
        )


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _nip(rng: random.Random, index: int) -> str:
    birth = date(1972, 1, 1) + timedelta(days=rng.randrange(0, 26 * 365))
    year = birth.year + rng.randint(22, 27)
    return f"{birth:%Y%m%d}{year}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{index:03d}"


def _people() -> list[list[str]]:
    rng = random.Random(2026)
    people = []
    for index in range(1, CANDIDATES + 1):
        title, code, tests = POSITIONS[index % len(POSITIONS)]
        session, room = (
            ("S1", "R01") if index <= 15 else ("S1", "R02") if index <= 30 else ("S2", "R01")
        )
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        pin = f"{rng.randrange(0, 10**6):06d}"
        people.append(
            [
                _nip(rng, index),
                name,
                title,
                code,
                rng.choice(UNITS),
                session,
                room,
                f"{index:02d}",
                tests,
                pin,
            ]
        )
    return people


def _roster_csv() -> str:
    return _csv([list(roster.FILE_COLUMNS), *_people()])


def _standards_csv() -> str:
    rows = [["position_code", *STANDARD_CODES]]
    for _title, code, _tests in POSITIONS:
        rows.append([code, *map(str, STANDARDS[code])])
    return _csv(rows)


def _performance_csv() -> str:
    """Two SKP years per person, as the succession pool (KRS) needs; a few have none."""
    rng, earlier = random.Random(38), random.Random(37)
    year = clock.now().year - 1
    rows = [["nip", "predikat", "year"]]
    for person in _people()[:-4]:  # a few without a rating, as in real life
        rows.append([person[0], rng.choice(PREDIKAT), str(year)])
        rows.append([person[0], earlier.choice(PREDIKAT), str(year - 1)])
    return _csv(rows)


def _schedule() -> None:
    now = clock.now().replace(second=0, microsecond=0)
    first = get_session("S1")
    first.title, first.planned_start = "Sesi 1 (pagi)", now - timedelta(minutes=10)
    first.planned_end = first.planned_start + timedelta(hours=4)
    second = get_session("S2")
    second.title, second.planned_start = "Sesi 2 (besok)", now + timedelta(days=1)
    second.planned_end = second.planned_start + timedelta(hours=4)


def _candidate_logins() -> list[tuple[str, str, str, str, str]]:
    vault = pin_vault()
    candidates = db.session.scalars(select(Candidate).order_by(Candidate.roster_row)).all()
    return [
        (c.nip, c.name, vault.unseal(c.pin_sealed), c.session.code, c.room.code) for c in candidates
    ]
