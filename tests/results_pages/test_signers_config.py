"""REPORT_SIGNERS: who signs the individual report, read strictly from the environment."""

from __future__ import annotations

import pytest

from config import Config, ConfigError, Signer, parse_signers


def test_signers_are_title_name_and_nip():
    text = "Kepala BKPSDM|Dr. Hj. Sari Dewi, M.Si.|NIP 19750101 199801 2 001; Asesor SDM|Budi"
    assert parse_signers(text) == (
        Signer("Kepala BKPSDM", "Dr. Hj. Sari Dewi, M.Si.", "197501011998012001"),
        Signer("Asesor SDM", "Budi", ""),
    )
    assert parse_signers("Asesor") == (Signer("Asesor", "", ""),)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_no_signers_by_default(text):
    assert parse_signers(text) == ()
    assert Config.REPORT_SIGNERS == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("|Nama|", "jabatan wajib"),
        ("Kepala|Nama|1975|lagi", "jabatan wajib"),
        ("Kepala|Nama|12345", "18 angka"),
        ("Kepala;", "penanda tangan ke-2"),
        (";".join(["A"] * 5), "paling banyak 4"),
    ],
)
def test_a_malformed_value_is_refused_with_the_reason(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_signers(text)


def test_the_environment_variable_is_read(monkeypatch):
    monkeypatch.setenv("REPORT_SIGNERS", "Asesor SDM|Rina|197501011998012001")
    assert Config.from_environment()["REPORT_SIGNERS"] == (
        Signer("Asesor SDM", "Rina", "197501011998012001"),
    )
    monkeypatch.setenv("REPORT_SIGNERS", "Asesor|Rina|NIP-salah")
    with pytest.raises(ConfigError, match="REPORT_SIGNERS"):
        Config.from_environment()
    monkeypatch.delenv("REPORT_SIGNERS")
    assert "REPORT_SIGNERS" not in Config.from_environment()
