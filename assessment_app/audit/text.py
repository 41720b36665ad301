"""Audit entries in words: one Indonesian sentence per entry, for the audit log and the record.

Pure: an entry (anything with actor, action, target, reason, details) and a `Names` lookup in,
a sentence out. `assessment_app.audit.reading.sentences` fills the lookup from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from assessment_app.vocabulary.categories import category_label
from assessment_app.vocabulary.corrections import CORRECTION_KINDS, RETIRED_KINDS

ROLE_NAMES = {"admin": "Admin", "proctor": "Pengawas", "panelis": "Panelis"}
REAUTH_ACTIONS = {
    "user.reset_password": "mengatur ulang kata sandi",
    "user.set_role": "mengubah peran",
    "user.disable": "menonaktifkan",
}


@dataclass(frozen=True)
class Person:
    """A candidate as a sentence names them."""

    name: str
    nip: str = ""
    seat: str = ""


@dataclass(frozen=True)
class Staff:
    """A staff account as a sentence names it."""

    role: str
    full_name: str = ""
    rooms: tuple[str, ...] = ()


@dataclass
class Names:
    """What the sentences look up: candidates by id and NIP, attempts, staff, a time format."""

    by_id: dict[int, Person] = field(default_factory=dict)
    by_nip: dict[str, Person] = field(default_factory=dict)
    attempts: dict[int, tuple[int, str]] = field(default_factory=dict)  # id -> candidate, test
    staff: dict[str, Staff] = field(default_factory=dict)
    when: Callable[[datetime], str] = lambda value: value.isoformat()


def target_id(target: str, kind: str) -> str | None:
    """Return the part after "kind:" in an entry's target, or None."""
    prefix = kind + ":"
    return target[len(prefix) :] if target and target.startswith(prefix) else None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 18 else None


def describe(entry: Any, names: Names) -> str:
    """Return the entry as one sentence: who did what to whom, with its reason."""
    details = entry.details or {}
    phrase = PHRASES.get(entry.action, _generic)(entry, details, names)
    sentence = f"{actor_phrase(entry.actor, details, names)} {phrase}"
    if entry.reason and entry.action != "proctor.incident":
        sentence += f", alasan: {entry.reason}"
    return sentence + "."


def actor_phrase(actor: str, details: dict, names: Names) -> str:
    """Name who acted: "Pengawas R01 (budi)", "Admin (admin1)", "Peserta Andi (NIP ...)"."""
    if actor.startswith("cli:"):
        return f"Operator baris perintah ({actor[4:]})"
    if actor.startswith("peserta:"):
        nip = actor[len("peserta:") :]
        person = names.by_nip.get(nip)
        return f"Peserta {person.name} (NIP {nip})" if person else f"Peserta NIP {nip}"
    staff = names.staff.get(actor)
    if staff is None:
        return actor
    who = f"{staff.full_name}, {actor}" if staff.full_name else actor
    role = ROLE_NAMES.get(staff.role, staff.role)
    if staff.role == "proctor":
        rooms = [details["room"]] if details.get("room") else list(staff.rooms)
        role = f"{role} {', '.join(rooms)}" if rooms else role
    return f"{role} ({who})"


def person_phrase(person: Person | None, fallback: str = "") -> str:
    """Name a candidate: "Andi Wijaya (kursi 07, NIP ...)"."""
    if person is None:
        return f"peserta {fallback}".strip() if fallback else "peserta (tidak tercatat)"
    parts = [f"kursi {person.seat}"] if person.seat else []
    if person.nip:
        parts.append(f"NIP {person.nip}")
    return f"{person.name} ({', '.join(parts)})" if parts else person.name


def candidate_of(entry: Any, details: dict, names: Names) -> Person | None:
    """Find the candidate an entry is about, from what it wrote or from its target."""
    if details.get("name"):
        return Person(details["name"], details.get("nip", ""), details.get("seat", ""))
    attempt = names.attempts.get(_int(target_id(entry.target, "attempt")) or -1)
    if attempt:
        return names.by_id.get(attempt[0])
    raw = target_id(entry.target, "candidate")
    if _int(raw) is not None:
        return names.by_id.get(_int(raw))
    return names.by_nip.get(details.get("nip") or raw or "")


def _who(entry: Any, details: dict, names: Names) -> str:
    fallback = f"NIP {details['nip']}" if details.get("nip") else entry.target
    return person_phrase(candidate_of(entry, details, names), fallback)


def _test(entry: Any, details: dict, names: Names) -> str:
    code = details.get("test")
    if not code:
        attempt = names.attempts.get(_int(target_id(entry.target, "attempt")) or -1)
        code = attempt[1] if attempt else ""
    return f", tes {code}" if code else ""


def minutes_text(value: Any) -> str:
    """Say a number of minutes the Indonesian way: "10 menit", "1,5 menit"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "(lama tidak tercatat)"
    number = int(value) if float(value).is_integer() else round(float(value), 2)
    return f"{str(number).replace('.', ',')} menit"


def _attempt_action(verb: str) -> Callable:
    return lambda e, d, n: f"{verb} {_who(e, d, n)}{_test(e, d, n)}"


def _extend(entry: Any, details: dict, names: Names) -> str:
    minutes = minutes_text(details.get("minutes"))
    whom = _who(entry, details, names)
    text = f"menambah waktu {minutes} untuk {whom}{_test(entry, details, names)}"
    if details.get("over_cap"):  # an admin past EXTRA_TIME_CAP_MINUTES
        text += f", melewati batas {minutes_text(details.get('cap_minutes'))} per tes"
    return text


def _release(entry: Any, details: dict, names: Names) -> str:
    return f"membuka kunci login {_who(entry, details, names)} agar dapat masuk dari perangkat lain"


def _incident(entry: Any, details: dict, names: Names) -> str:
    label = category_label(details.get("category", ""))
    whom = ""
    if details.get("candidate_id") or details.get("name"):
        whom = f" tentang {_who(entry, details, names)}"
    where = f" di ruang {details['room']}" if details.get("room") else ""
    return f"mencatat kejadian ({label}){whom}{where}: {entry.reason}"


def _room(verb: str) -> Callable:
    def phrase(entry: Any, details: dict, names: Names) -> str:
        where = f"ruang {details.get('room', '?')} sesi {details.get('session', '?')}"
        count = details.get("affected")
        tail = f" ({count} ujian)" if count is not None else ""
        if "minutes" in verb:
            verb_text = verb.replace("minutes", minutes_text(details.get("minutes")))
        else:
            verb_text = verb
        return f"{verb_text} {where}{tail}"

    return phrase


def _session(entry: Any) -> str:
    return f"sesi {target_id(entry.target, 'session') or entry.target}"


def _close(entry: Any, details: dict, names: Names) -> str:
    if not details.get("forced"):
        return f"menutup {_session(entry)}"
    count = len(details.get("finished_attempts") or [])
    return f"menutup paksa {_session(entry)}; {count} ujian yang masih berjalan diakhiri"


def _time(value: Any, names: Names) -> str:
    try:
        return names.when(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return "–"


def _outage(entry: Any, details: dict, names: Names) -> str:
    span = f"{_time(details.get('from'), names)} sampai {_time(details.get('to'), names)}"
    changed = details.get("attempts")
    tail = f"; waktu {len(changed)} ujian diperpanjang" if isinstance(changed, list) else ""
    return f"mencatat gangguan {_session(entry)} dari {span}{tail}"


def _schedule(entry: Any, details: dict, names: Names) -> str:
    after = details.get("after") or {}
    start = _time(after.get("planned_start"), names)
    end = _time(after.get("planned_end"), names)
    late = after.get("late_entry_minutes")
    return (
        f"mengubah jadwal {_session(entry)}: mulai {start}, selesai {end}, "
        f"batas terlambat {minutes_text(late)}"
    )


def _user(entry: Any) -> str:
    return f"akun {target_id(entry.target, 'user') or entry.target}"


def _rooms(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) and value else "tidak ada"


def _correction_what(details: dict) -> str:
    kind = details.get("kind", "")
    label = {**CORRECTION_KINDS, **RETIRED_KINDS}.get(kind, kind) or "–"
    item = f", butir {details['item']}" if details.get("item") else ""
    test = f", tes {details['test']}" if details.get("test") else ""
    panel = f", dari panel penetapan standar #{details['panel']}" if details.get("panel") else ""
    return f"{label}{item}{test}{panel}"


def _panel(entry: Any) -> str:
    return f"panel penetapan standar #{target_id(entry.target, 'panel') or '?'}"


def _panel_cuts(cuts: Any) -> str:
    if not isinstance(cuts, dict) or not cuts:
        return "–"
    return " | ".join(
        f"{code} " + ("; ".join(f"{v:g}" for v in values) if values else "belum sah")
        for code, values in cuts.items()
    )


def _adopted(entry: Any, details: dict, names: Names) -> str:
    return (
        f"menetapkan batas level dari {_panel(entry)} (putaran {details.get('round', '?')}): "
        f"{_panel_cuts(details.get('cuts'))}"
    )


def _card(entry: Any, details: dict, names: Names) -> str:
    return f"membuka kartu login {_who(entry, details, names)}"


def _move(entry: Any, details: dict, names: Names) -> str:
    return (
        f"memindahkan {_who(entry, details, names)} dari {_place(details.get('before'))} "
        f"ke {_place(details.get('after'))}"
    )


def _place(place: Any) -> str:
    if not isinstance(place, dict):
        return "–"
    seat = f" kursi {place['seat']}" if place.get("seat") else ""
    return f"sesi {place.get('session', '?')} ruang {place.get('room', '?')}{seat}"


def _late(entry: Any, details: dict, names: Names) -> str:
    tests = ", ".join(details.get("tests") or []) or "–"
    nip = target_id(entry.target, "candidate") or ""
    return (
        f"mendaftarkan susulan {details.get('name', '')} (NIP {nip}) di {_place(details)} "
        f"untuk tes {tests}"
    )


def _handed_out(what: Callable[[dict], str], unit: str) -> Callable:
    """A download or a card page: what was handed out, its format and size."""

    def phrase(entry: Any, details: dict, names: Names) -> str:
        facts = [str(details.get("format", "")).upper()]
        if isinstance(details.get("rows"), int):
            facts.append(f"{details['rows']} {unit}")
        shown = ", ".join(fact for fact in facts if fact)
        return what(details) + (f" ({shown})" if shown else "")

    return phrase


def _cards(entry: Any, details: dict, names: Names) -> str:
    where = f"sesi {details['session']}" if details.get("session") else "semua sesi"
    if details.get("room"):
        where += f" ruang {details['room']}"
    count = details.get("cards", "?")
    if details.get("file"):
        return f"menulis {count} kartu login (berisi PIN) {where} ke berkas {details['file']}"
    return f"membuka {count} kartu login (berisi PIN) {where}"


def _receipt(entry: Any, details: dict, names: Names) -> str:
    matched = details.get("matched") or []
    verdict = f"cocok untuk tes {', '.join(matched)}" if matched else "tidak cocok"
    whose = _who(entry, details, names)
    return f"memeriksa kode tanda terima {details.get('code', '?')} milik {whose}: {verdict}"


def _generic(entry: Any, details: dict, names: Names) -> str:
    target = f" pada {entry.target}" if entry.target else ""
    facts = "; ".join(f"{key}: {_plain(value)}" for key, value in sorted(details.items()))
    return f"melakukan tindakan «{entry.action}»{target}" + (f" ({facts})" if facts else "")


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_plain(v)}" for k, v in sorted(value.items())) or "–"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return "–" if value is None else str(value)


ROSTER_FIELDS = {
    "name": "nama",
    "position": "jabatan",
    "position_code": "kode jabatan",
    "unit": "unit kerja",
    "session": "sesi",
    "room": "ruang",
    "seat": "kursi",
    "tests": "tes",
}


def _roster_candidate(entry: Any, details: dict, names: Names) -> str:
    """One candidate created or changed by a roster import: fields old → new, the PIN's fate."""
    fields = details.get("fields") if isinstance(details.get("fields"), dict) else {}
    parts = []
    for key, label in ROSTER_FIELDS.items():
        if key not in fields:
            continue
        old, new = ([*(fields[key] or []), "", ""])[:2]
        parts.append(f"{label} «{new}»" if details.get("created") else f"{label} «{old}» → «{new}»")
    pin = {"diganti": "PIN diganti", "dibuat": "PIN dibuat"}.get(details.get("pin", ""))
    parts += [pin] if pin else []
    verb = "menambahkan" if details.get("created") else "mengubah data"
    where = f" (baris {details['row']})" if details.get("row") else ""
    facts = "; ".join(parts) or "tanpa perubahan"
    return f"{verb} {_who(entry, details, names)} lewat impor daftar peserta{where}: {facts}"


def _count(text: str, key: str) -> Callable:
    return lambda e, d, n: text.format(d.get(key, "?"))


PHRASES: dict[str, Callable[[Any, dict, Names], str]] = {
    "proctor.pause": _attempt_action("menjeda ujian"),
    "proctor.resume": _attempt_action("melanjutkan ujian"),
    "proctor.extend": _extend,
    "proctor.finish": _attempt_action("mengakhiri ujian"),
    "proctor.void": _attempt_action("membatalkan ujian"),
    "proctor.release": _release,
    "candidate.unlock": lambda e, d, n: (
        f"membuka blokir masuk {_who(e, d, n)} (percobaan PIN yang salah dihapus)"
    ),
    "proctor.incident": _incident,
    "proctor.room_pause": _room("menjeda semua ujian yang berjalan di"),
    "proctor.room_resume": _room("melanjutkan semua ujian yang dijeda di"),
    "proctor.room_extend": _room("menambah waktu minutes untuk semua peserta"),
    "session.open": lambda e, d, n: f"membuka {_session(e)} (token dirilis)",
    "session.close": _close,
    "session.outage": _outage,
    "session.schedule": _schedule,
    "staff.login": lambda e, d, n: "masuk ke aplikasi",
    "staff.logout": lambda e, d, n: "keluar dari aplikasi (sesi masuknya diakhiri)",
    "staff.login_failed": lambda e, d, n: (
        f"gagal masuk sebagai {d.get('username') or '?'}"
        + (
            " (ditolak: terlalu banyak percobaan)"
            if d.get("limited")
            else " (nama pengguna atau kata sandi salah)"
        )
    ),
    "staff.reauth_failed": lambda e, d, n: (
        f"salah memasukkan kata sandinya sendiri untuk {REAUTH_ACTIONS.get(d.get('for'), '?')} "
        f"{_user(e)}; tindakan tidak dijalankan"
        + ("; batas percobaan tercapai, sesinya diakhiri" if d.get("limited") else "")
    ),
    "staff.unlock": lambda e, d, n: f"membuka blokir masuk {_user(e)}",
    "candidate.login": lambda e, d, n: f"masuk ujian dari perangkat {d.get('device', '?')}",
    "candidate.logout": lambda e, d, n: "keluar dari halaman ujian",
    "candidate.move": _move,
    "candidate.register_late": _late,
    "candidate.card": _card,
    "session.cards": _cards,
    "results.download": _handed_out(lambda d: "mengunduh hasil asesmen", "baris"),
    "item_analysis.download": _handed_out(
        lambda d: f"mengunduh analisis butir tes {d.get('test', '?')}", "butir"
    ),
    "record.download": _handed_out(
        lambda d: f"mengunduh berita acara ruang {d.get('room', '?')} sesi {d.get('session', '?')}",
        "kursi",
    ),
    "receipt.check": _receipt,
    "user.create": lambda e, d, n: (
        f"membuat {_user(e)} dengan peran {ROLE_NAMES.get(d.get('role'), d.get('role', '?'))}"
    ),
    "user.enable": lambda e, d, n: f"mengaktifkan {_user(e)}",
    "user.disable": lambda e, d, n: f"menonaktifkan {_user(e)}",
    "user.reset_password": lambda e, d, n: (
        f"mengatur ulang kata sandi {_user(e)}"
        + (" (dibuat otomatis)" if d.get("generated") else "")
    ),
    "user.assign_room": lambda e, d, n: f"menugaskan {_user(e)} di ruang {d.get('room', '?')}",
    "user.set_role": lambda e, d, n: (
        f"mengubah peran {_user(e)} dari {ROLE_NAMES.get(d.get('before'), '?')} "
        f"menjadi {ROLE_NAMES.get(d.get('after'), '?')}"
    ),
    "user.set_rooms": lambda e, d, n: (
        f"mengubah ruang tugas {_user(e)} dari {_rooms(d.get('before'))} "
        f"menjadi {_rooms(d.get('after'))}"
    ),
    "bank.publish": lambda e, d, n: (
        f"menerbitkan bank soal versi {target_id(e.target, 'snapshot') or '?'} "
        f"({d.get('items', '?')} butir; tes {_rooms(d.get('tests'))})"
    ),
    "roster.candidate": _roster_candidate,
    "roster.import": lambda e, d, n: (
        f"mengimpor daftar peserta: {d.get('rows', '?')} baris, {d.get('created', '?')} baru, "
        f"{d.get('updated', '?')} diperbarui"
    ),
    "standards.import": lambda e, d, n: (
        f"mengimpor standar kompetensi untuk {len(d.get('positions') or [])} jabatan"
    ),
    "performance.import": _count("mengimpor data kinerja (SKP): {} baris", "rows"),
    "potential.import": _count("mengimpor data potensi: {} baris", "rows"),
    "results.correction": lambda e, d, n: f"mengoreksi penilaian: {_correction_what(d)}",
    "results.correction_withdrawn": lambda e, d, n: (
        f"menarik koreksi #{target_id(e.target, 'correction') or '?'}: {_correction_what(d)}"
    ),
    "standards.panel_created": lambda e, d, n: (
        f"membuat {_panel(e)} untuk tes {d.get('test', '?')} (metode {d.get('method', '?')}; "
        f"kompetensi {_rooms(d.get('competencies'))})"
    ),
    "standards.panelist_added": lambda e, d, n: (
        f"menambahkan {d.get('user', '?')} sebagai panelis {_panel(e)}"
    ),
    "standards.panelist_removed": lambda e, d, n: (
        f"mengeluarkan {d.get('user', '?')} dari {_panel(e)}"
    ),
    "standards.round_opened": lambda e, d, n: f"membuka putaran {d.get('round', '?')} {_panel(e)}",
    "standards.round_closed": lambda e, d, n: (
        f"menutup putaran {d.get('round', '?')} {_panel(e)}: {_panel_cuts(d.get('cuts'))}"
    ),
    "standards.adopted": _adopted,
    "demo.cohort": lambda e, d, n: (
        f"menambahkan {d.get('count', '?')} peserta simulasi demo yang menyelesaikan tes "
        f"{d.get('test', '?')}"
    ),
    "results.finalized": lambda e, d, n: (
        f"menetapkan hasil versi {target_id(e.target, 'result_version') or '?'} "
        f"({d.get('rows', '?')} baris)"
    ),
}
