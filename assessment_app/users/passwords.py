"""The staff password rule, in one place: the forms, the CLI and the services all ask here.

A password must be long (12 characters or more) and hard to guess. "Hard to guess" is
judged by zxcvbn, which knows the 30,000 most common passwords, keyboard patterns, dates,
repeats and sequences; the username, the person's name and the app's own names are added to
its dictionary, so `admin2026` or `bkpsdm2026` count as guessable.
"""

from __future__ import annotations

import re

from assessment_app.exceptions import invalid

MIN_PASSWORD = 12
MAX_PASSWORD = 256
MIN_SCORE = 3  # zxcvbn's scale 0..4; 3 means more than 10^8 guesses
_SCORED_PREFIX = 72  # zxcvbn refuses longer input; a prefix's strength is a lower bound
APP_WORDS = ("asesmen", "bkpsdm", "asn", "bkpsdm2026", "asesmen-asn", "kompetensi", "ujian")

ADVICE = "Pakai tiga kata atau lebih yang tidak berhubungan, mis. 'meja-hujan-kopi-17'."


def password_problem(password: str, username: str = "", full_name: str = "") -> str | None:
    """Return why this password may not be used, or None when it may."""
    if len(password) < MIN_PASSWORD:
        return f"Kata sandi minimal {MIN_PASSWORD} karakter."
    if len(password) > MAX_PASSWORD:
        return f"Kata sandi maksimal {MAX_PASSWORD} karakter."
    if password.isdigit():
        return "Kata sandi tidak boleh hanya angka."
    if len(set(password)) < 4:
        return "Kata sandi tidak boleh hanya mengulang beberapa karakter yang sama."
    personal = _personal_words(username, full_name)
    if _letters(password) in {_letters(word) for word in (*personal, *APP_WORDS)} - {""}:
        return f"Kata sandi tidak boleh nama pengguna, nama Anda, atau nama aplikasi. {ADVICE}"
    if _score(password, personal) < MIN_SCORE:
        return (
            "Kata sandi terlalu mudah ditebak (kata sandi umum, pola papan ketik, tanggal, "
            f"atau nama pengguna/aplikasi dengan angka). {ADVICE}"
        )
    return None


def require_strong_password(password: str, username: str = "", full_name: str = "") -> None:
    """Refuse (422 `weak_password`, on the field `password`) a password that may not be used;
    the message says which part of the rule it breaks, in Indonesian."""
    problem = password_problem(password, username, full_name)
    if problem:
        raise invalid(problem, field="password", code="weak_password")


def _personal_words(username: str, full_name: str) -> list[str]:
    words = [username.strip().lower(), full_name.strip().lower()]
    words += re.split(r"[\s._-]+", f"{username} {full_name}".lower())
    return [word for word in words if len(word) >= 3]


def _letters(text: str) -> str:
    """Lower-case letters only: `Admin_2026!` and `admin` compare equal."""
    return re.sub(r"[^a-z]", "", text.lower())


def _score(password: str, personal: list[str]) -> int:
    from zxcvbn import zxcvbn  # 50 ms of word lists, loaded on the first password check

    return zxcvbn(password[:_SCORED_PREFIX], user_inputs=[*personal, *APP_WORDS])["score"]
