"""The berita acara: every action in words, per-test counts, statuses, seats, letterhead, DRAFT."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from assessment_app.extensions import db
from assessment_app.models import Candidate
from config import Signer
from tests.api.conftest import Api
from tests.proctor import test_proctor_api as shared
from tests.proctor.test_proctor_api import Staff

# the proctor API tests' room, proctor and started candidate, shared as they are
rooms, proctor, candidate = shared.rooms, shared.proctor, shared.candidate

RECORD = "/pengawas/ruang/R01/sesi/S1/berita-acara"


def _text(page) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces collapsed."""
    assert page.status_code == 200
    body = re.sub(r"<[^>]+>", " ", page.get_data(as_text=True))
    text = re.sub(r"\s+", " ", html.unescape(body))
    return re.sub(r" ([,.:;)])", r"\1", text)


def _record(staff: Staff) -> str:
    return _text(staff.client.get(RECORD))


def _who(rooms, index: int = 0) -> str:
    row = rooms[1][index]
    return f"{row[1]} (kursi {row[7]}, NIP {row[0]})"


def _act(staff: Staff, candidate: Api, action: str, **body) -> None:
    path = f"/attempts/{candidate.attempt['id']}/{action}"
    assert staff.post(path, {"reason": f"alasan {action}"} | body).status_code == 200


def test_each_proctor_action_is_written_in_words(proctor, candidate, rooms):
    who = _who(rooms)
    _act(proctor, candidate, "pause")
    assert f"Pengawas R01 (pengawas1) menjeda ujian {who}, tes MANSOS, alasan: alasan pause." in (
        _record(proctor)
    )
    _act(proctor, candidate, "resume")
    assert f"melanjutkan ujian {who}, tes MANSOS, alasan: alasan resume." in _record(proctor)
    _act(proctor, candidate, "extend", minutes=10)
    assert f"menambah waktu 10 menit untuk {who}, tes MANSOS, alasan: alasan extend." in (
        _record(proctor)
    )
    seat_id = proctor.live().json["seats"][0]["candidate_id"]
    released = proctor.post(f"/candidates/{seat_id}/release", {"reason": "komputer rusak"})
    assert released.status_code == 200
    assert f"membuka kunci login {who} agar dapat masuk dari perangkat lain" in _record(proctor)
    _act(proctor, candidate, "void", confirm="BATALKAN")
    text = _record(proctor)
    assert f"membatalkan ujian {who}, tes MANSOS, alasan: alasan void." in text
    # the seat shows its voided test, the next one untouched
    assert "Asesmen Kompetensi Manajerial dan Sosial Kultural: Dibatalkan, terjawab 0/45" in text


def test_incidents_default_to_the_candidate_from_a_seat_and_the_room_otherwise(
    proctor, candidate, rooms
):
    seat_id = proctor.live().json["seats"][0]["candidate_id"]
    path = "/rooms/R01/sessions/S1/incidents"
    from_seat = proctor.post(path, {"text": "peserta bertanya soal", "candidate_id": seat_id})
    assert from_seat.status_code == 201 and from_seat.json["category"] == "peserta"
    whole_room = proctor.post(path, {"text": "bising dari luar"})
    assert whole_room.status_code == 201 and whole_room.json["category"] == "lingkungan"
    assert proctor.post(path, {"text": "x", "category": ["teknis"]}).status_code == 422
    text = _record(proctor)
    name = f"{rooms[1][0][1]} (kursi {rooms[1][0][7]})"
    assert f"Peserta {name} peserta bertanya soal pengawas1" in text
    assert "Lingkungan – bising dari luar pengawas1" in text
    assert (
        f"mencatat kejadian (Peserta) tentang {_who(rooms)} di ruang R01: peserta bertanya soal."
        in text
    )


def test_answered_counts_per_test_and_one_row_per_candidate(app, proctor, candidate, rooms):
    attempt = candidate.attempt
    for seq, item in enumerate(attempt["items"][:3], start=1):
        candidate.save(attempt["id"], item["id"], item["options"][0]["key"], seq)
    assert candidate.finish(attempt["id"]).status_code == 200
    second = candidate.get("/api/v1/candidate/me").json["attempts"][1]
    started = candidate.start(second["id"]).json
    item = started["items"][0]
    candidate.save(second["id"], item["id"], item["options"][0]["key"], 1)
    page = proctor.client.get(RECORD).get_data(as_text=True)
    assert len(re.findall(r'data-testid="record-seat"', page)) == 3  # three candidates
    text = _text(proctor.client.get(RECORD))
    assert "Manajerial dan Sosial Kultural: Selesai, terjawab 3/45" in text
    assert re.search(r": Berjalan, terjawab 1/\d+", text)
    assert "Peserta 2" in text and text.count("Belum login") == 4  # two tests each, absent
    assert "clash" not in page


def test_a_seat_label_used_twice_is_one_row_each_and_marked(app, proctor, rooms):
    with app.app_context():
        first, second = db.session.scalars(
            select(Candidate).where(Candidate.nip.in_([rooms[1][0][0], rooms[1][1][0]]))
        ).all()
        first.seat, second.seat = "01", "1"  # the same seat, written two ways
        db.session.commit()
    page = proctor.client.get(RECORD).get_data(as_text=True)
    assert len(re.findall(r'data-testid="record-seat"', page)) == 3
    assert len(re.findall(r'<tr class="status-[a-z_]+ clash"', page)) == 2
    assert "tercatat untuk lebih dari satu peserta" in _text(proctor.client.get(RECORD))


def test_forced_close_is_listed_marks_the_cut_off_and_ends_the_draft(
    app, runner, proctor, candidate, rooms
):
    text = _record(proctor)
    assert "DRAFT" in text and "belum ditutup" in text
    closed = runner.invoke(args=["session", "close", "S1", "--force", "--reason", "listrik padam"])
    assert closed.exit_code == 0, closed.output
    text = _record(proctor)
    assert "DRAFT" not in text and 'data-testid="record-draft"' not in text
    name = f"{rooms[1][0][1]} (kursi {rooms[1][0][7]})"
    assert re.search(
        r"Operator baris perintah \(\w+\) menutup paksa sesi S1; 1 ujian yang masih berjalan "
        rf"diakhiri, alasan: listrik padam\. Di ruang ini dihentikan: {re.escape(name)}\.",
        text,
    )
    assert "Dihentikan paksa (0/2 tes)" not in text
    assert "Dihentikan paksa" in text and "Sudah login" not in text
    csv_text = proctor.client.get(RECORD + ".csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "berita_acara,S1,R01,"
    assert ",MANSOS,Dihentikan paksa,0,45" in csv_text
    assert "session.close" in csv_text and "menutup paksa sesi S1" in csv_text


@pytest.fixture
def letterhead(app):
    keys = ("AGENCY_PARENT", "AGENCY_NAME", "AGENCY_ADDRESS", "RECORD_SIGNERS")
    saved = {key: app.config[key] for key in keys}
    app.config.update(
        AGENCY_PARENT="PEMERINTAH KOTA PAREPARE",
        AGENCY_ADDRESS="Jl. Jend. Sudirman No. 78, Parepare",
        RECORD_SIGNERS=(Signer("Kepala BKPSDM", "Drs. H. Ahmad Yani", "197001011990031001"),),
    )
    yield
    app.config.update(saved)


def test_letterhead_and_signers_come_from_settings(letterhead, proctor):
    text = _record(proctor)
    assert text.index("PEMERINTAH KOTA PAREPARE") < text.index("BERITA ACARA PELAKSANAAN")
    assert "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA" in text
    assert "Jl. Jend. Sudirman No. 78, Parepare" in text
    assert "Mengetahui, Kepala BKPSDM" in text
    assert "Nama: Drs. H. Ahmad Yani NIP: 197001011990031001" in text
    assert "Pengawas Nama: pengawas1" in text  # the room's proctor signs by name


def test_record_signers_setting_is_parsed_strictly():
    from config import ConfigError, parse_signers

    assert parse_signers("Kepala|Budi|197001011990031001", "RECORD_SIGNERS") == (
        Signer("Kepala", "Budi", "197001011990031001"),
    )
    with pytest.raises(ConfigError, match="RECORD_SIGNERS"):
        parse_signers("Kepala|Budi|123", "RECORD_SIGNERS")
