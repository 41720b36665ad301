"""`attempts finalize`: finish expired attempts; `attempts receipt`: check answer receipts."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from assessment_app.attempts.lifecycle import finalize_expired
from assessment_app.attempts.receipts import codes_match, normalize_code, receipts_of
from assessment_app.cli.common import fail, transaction
from assessment_app.clock import iso_z
from assessment_app.database import begin_write
from assessment_app.extensions import db
from assessment_app.tabular.nip import normalize_nip

attempts_cli = AppGroup("attempts", help="Ujian peserta.")


@attempts_cli.command("finalize")
def finalize_command() -> None:
    """Finish expired attempts with the answers acknowledged before their deadline.

    Attempts also finish lazily whenever they are touched; this sweeper makes the results
    complete for candidates who never came back (run it from cron, e.g. every minute).
    """
    with transaction():
        begin_write(db.session)
        count = finalize_expired()
    click.echo(f"{count} ujian diselesaikan karena waktunya habis.")


@attempts_cli.command("receipt")
@click.argument("nip")
@click.option("--code", "code", help="Kode tanda terima dari peserta: cocokkan.")
def receipt_command(nip: str, code: str | None) -> None:
    """Print each finished test's answer receipt; with --code, say whether it matches.

    Exits 1 when the NIP is unknown, nothing is finished, or --code matches no test.
    """
    receipts = receipts_of(normalize_nip(nip))
    db.session.rollback()  # read only
    if receipts is None:
        fail(f"NIP {nip} tidak terdaftar.")
    if not receipts:
        fail(f"NIP {nip} belum menyelesaikan satu tes pun.")
    matched = False
    for receipt in receipts:
        line = f"{receipt.test_code}\t{receipt.code}\tselesai {iso_z(receipt.finished_at)}"
        if code is not None:
            ok = codes_match(code, receipt.code)
            matched = matched or ok
            line += "\tcocok" if ok else "\ttidak cocok"
        click.echo(line)
    if code is not None and not matched:
        fail(
            f"Kode {normalize_code(code)} tidak cocok dengan tes mana pun: jawaban tersimpan "
            "atau waktu selesai berbeda dari saat kode dibuat."
        )
